package io.migd.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A server under test, started as a child process (pinned with taskset), and what can be read about it. */
final class Proc {

    /** every process this driver started, so that nothing outlives it */
    static final List<Proc> ALL = new CopyOnWriteArrayList<>();

    final String name;
    final int port;
    final Process process;
    final long startedNanos;
    final Path log;
    /** runs on the load CPU (the NATS server): its CPU time is not the servers' own on the server CPU */
    boolean onLoadCpu;

    private Proc(String name, int port, Process process, long startedNanos, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
    }

    static Proc start(String name, int port, List<String> command, Map<String, String> env, Path cwd, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Proc proc = new Proc(name, port, pb.start(), t0, log);
        ALL.add(proc);
        return proc;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** VmRSS of the process, MiB (taskset execs java, so the pid is the JVM's). */
    double rssMiB() {
        return status("VmRSS:");
    }

    /** VmHWM: the peak resident set, MiB. */
    double peakRssMiB() {
        return status("VmHWM:");
    }

    private double status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone
        }
        return Double.NaN;
    }

    /**
     * Polls HELLO until it is answered 200 (bounded by {@code timeoutMillis}); returns the seconds from the
     * process start to that answer.
     */
    double awaitHello(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before answering HELLO; see "
                        + log);
            }
            if (helloOnce(port)) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            Thread.sleep(5);
        }
        throw new IOException(name + " did not answer HELLO within " + timeoutMillis + " ms; see " + log);
    }

    /** Waits (bounded) until the process accepts TCP connections on its port: for servers that do not speak HTTP. */
    void awaitPort(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before listening; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new IOException(name + " did not listen on port " + port + " within " + timeoutMillis + " ms; see " + log);
    }

    /** One HELLO over a raw socket: true when answered 200. */
    static boolean helloOnce(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(5000);
            String request = "POST /mig/v0.1/hello HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Content-Type: application/json\r\nX-Tenant-ID: bench\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, bounded wait, then SIGKILL. */
    void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        ALL.remove(this);
        trimLog();
    }

    /** migd logs a line per authorization decision: keep the head and the tail of a big log, not gigabytes. */
    private void trimLog() {
        final long keep = 1 << 20;
        try {
            long size = Files.size(log);
            if (size <= 8 * keep) {
                return;
            }
            byte[] head = new byte[(int) keep];
            byte[] tail = new byte[(int) keep];
            try (var f = new java.io.RandomAccessFile(log.toFile(), "r")) {
                f.readFully(head);
                f.seek(size - keep);
                f.readFully(tail);
            }
            String marker = "\n[bench: " + (size - 2 * keep) + " bytes of this log cut out]\n";
            try (var out = Files.newOutputStream(log)) {
                out.write(head);
                out.write(marker.getBytes(StandardCharsets.UTF_8));
                out.write(tail);
            }
        } catch (IOException e) {
            // keep the log as it is
        }
    }

    static void stopAll() {
        for (Proc proc : new ArrayList<>(ALL)) {
            proc.stop();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
