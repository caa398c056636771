package io.migd.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs wrk (one thread, pinned to the load core) with bench/wrk/post.lua and parses its summary line. */
final class Wrk {

    record Result(long requests, double seconds, long socketErrors, long statusErrors, double meanMs, double p50Ms,
                  double p90Ms, double p99Ms, double maxMs) implements Bench.Measured {
        @Override
        public double rps() {
            return requests / seconds;
        }

        /** why this run cannot be used, or null */
        @Override
        public String problem() {
            if (requests == 0) {
                return "no request completed";
            }
            if (statusErrors > 0) {
                return statusErrors + " of " + requests + " answers were not 2xx";
            }
            if (socketErrors > Math.max(1, requests / 100)) {
                return socketErrors + " socket errors in " + requests + " requests";
            }
            return null;
        }
    }

    private final Path script;
    private final String loadCpu;
    private final Path log;

    Wrk(Path script, String loadCpu, Path log) {
        this.script = script;
        this.loadCpu = loadCpu;
        this.log = log;
    }

    Result run(String label, String url, String body, int connections, int seconds)
            throws IOException, InterruptedException {
        List<String> cmd = List.of("taskset", "-c", loadCpu, "wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
                "--timeout", "10s", "--latency", "-s", script.toString(), url);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("BENCH_BODY", body);
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("wrk did not finish: " + label);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        Files.writeString(log, "### " + label + "\n$ " + String.join(" ", cmd) + "\n" + text + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        String line = text.lines().filter(l -> l.startsWith("BENCH ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no summary for " + label + ": " + text.strip()));
        Map<String, String> kv = new HashMap<>();
        for (String part : line.substring(6).trim().split("\\s+")) {
            int eq = part.indexOf('=');
            kv.put(part.substring(0, eq), part.substring(eq + 1));
        }
        long socketErrors = Long.parseLong(kv.get("connect")) + Long.parseLong(kv.get("read"))
                + Long.parseLong(kv.get("write")) + Long.parseLong(kv.get("timeout"));
        return new Result(Long.parseLong(kv.get("requests")), Long.parseLong(kv.get("duration_us")) / 1e6,
                socketErrors, Long.parseLong(kv.get("status")), Double.parseDouble(kv.get("mean_us")) / 1000,
                Long.parseLong(kv.get("p50_us")) / 1000.0, Long.parseLong(kv.get("p90_us")) / 1000.0,
                Long.parseLong(kv.get("p99_us")) / 1000.0, Long.parseLong(kv.get("max_us")) / 1000.0);
    }
}
