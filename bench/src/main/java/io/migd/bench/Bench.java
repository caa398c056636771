package io.migd.bench;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark driver (started by bench/run.sh, pinned to the load core): starts migd and the raw Vert.x baseline
 * pinned to the server core, drives both with the same load generators alternating A B A B, and prints min / median /
 * max of every figure and of the migd/baseline ratio. Exit status: 0 when every scenario ran, 1 when one failed to
 * run (a missed target is not a failure), 2 on bad arguments, 3 when the watchdog stopped an overlong run.
 */
public final class Bench {

    static final String SERVER_CPU = "0";
    static final String LOAD_CPU = "1";
    static final String TENANT = "bench";
    /** a measured run during which other processes used more than this share of the server CPU is repeated */
    static final double DISTURBED = 0.05;
    /** ... at most this many times in all */
    static final int ATTEMPTS = 3;
    static final String INVOKE_BODY = "{\"header\":{\"tenant_id\":\"bench\"},\"payload\":{\"input\":\"hello\"}}";
    static final String UPSTREAM_BODY = "{\"input\":\"hello\"}";
    static final List<String> SCENARIOS = List.of("startup", "invoke", "proxy", "sse", "nats", "ws");
    /** the MIG/NATS invoke subject of the benchmarked call (tenant bench) */
    static final String NATS_SUBJECT = "mig.v0_1." + TENANT + ".invoke.observatory.models.infer";
    static final String NATS_SERVER = "nats-server";
    /** NATS accounts of the one nats-server (see natsConfig): migd's and the raw responder's never see each other */
    static final String NATS_MIGD_USER = "migd";
    static final String NATS_RAW_USER = "raw";
    static final String NATS_PASSWORD = "bench-only-local";
    /** what every figure of a load run offers, whichever load generator made it (wrk, {@link ClosedLoop}) */
    interface Measured {
        double rps();

        double meanMs();

        double p50Ms();

        double p99Ms();

        /** why the run cannot be used, or null */
        String problem();
    }

    /**
     * An accepted measured run, with the CPU time the server under test used per request and the share of the load
     * CPU the load side (this driver, wrk excepted, and nats-server) used: near 100 % the load side was the limit.
     */
    record Sample<R extends Measured>(R result, double serverCpuMicrosPerRequest, double loadSideShare) {
    }

    // --- options
    final boolean smoke;
    final int rounds;
    final int seconds;
    final int warmupSeconds;
    /** warm-up of the NATS and WebSocket load (smoke: just enough to see 16 lanes work) */
    final int closedLoopWarmupSeconds;
    final int[] invokeConnections;
    /** NATS requests outstanding at once (one connection); WebSockets (one request outstanding each) */
    final int[] natsConcurrency = {1, 16};
    final int[] wsSockets = {1, 16};
    final int proxyConnections = 32;
    final int[] fanouts;
    final int warmupPublishes;
    final int publishes;
    final long idleWaitMs;
    final Set<String> only;
    final Path repo;
    final Path out;
    final Path logs;

    final long quietWaitSeconds;
    final Report report = new Report();
    /** per measured run: share of the server CPU used by other processes */
    final List<Double> interference = new ArrayList<>();
    double busyBefore = Double.NaN;
    /** total time the run may spend waiting for quiet and repeating disturbed runs, after the start */
    long disturbanceBudgetNanos;
    final List<String> failures = new ArrayList<>();
    final Wrk wrk;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Vertx vertx;
    Proc migd;
    Proc baseline;
    Proc upstream;

    // figures the targets are judged on
    Report.Figure invoke64Rps;
    Report.Figure proxyAdded;
    Report.Figure startup;
    Report.Figure startupUnpinned;
    Report.Figure idleRss;
    Report.Figure bigFanoutP99;
    Report.Figure bigFanoutRss;
    Report.Figure natsP99One;
    Report.Figure natsP99Many;

    Bench(String[] args) {
        boolean smoke = false;
        Integer rounds = null;
        Integer seconds = null;
        Long quietWait = null;
        Integer warmup = null;
        Set<String> only = new LinkedHashSet<>(SCENARIOS);
        Path repo = Path.of(".").toAbsolutePath().normalize();
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--quiet-wait" -> quietWait = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --smoke, --rounds N, --seconds S, --only " + String.join(",", SCENARIOS)
                        + ", --quiet-wait SECONDS, --warmup SECONDS, --repo DIR, --out FILE)");
            }
        }
        for (String s : only) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + SCENARIOS);
            }
        }
        this.smoke = smoke;
        this.rounds = rounds != null ? rounds : smoke ? 1 : 3;
        this.seconds = seconds != null ? seconds : smoke ? 1 : 8;
        // JIT warm-up of a Camel pipeline on one core takes tens of seconds; the baseline gets the same
        this.warmupSeconds = warmup != null ? warmup : smoke ? 2 : 20;
        this.closedLoopWarmupSeconds = smoke ? 1 : warmupSeconds;
        this.quietWaitSeconds = quietWait != null ? quietWait : smoke ? 0 : 60;
        this.invokeConnections = new int[] {1, 16, 64};
        this.fanouts = smoke ? new int[] {10, 20} : new int[] {1_000, 10_000};
        this.warmupPublishes = smoke ? 1 : 5;
        this.publishes = smoke ? 5 : 50;
        this.idleWaitMs = smoke ? 500 : 3_000;
        this.only = only;
        this.repo = repo;
        this.out = out != null ? out : repo.resolve(smoke ? "bench/results/smoke.txt" : "bench/results/latest.txt");
        this.logs = repo.resolve("bench/results/logs");
        this.wrk = new Wrk(repo.resolve("bench/wrk/post.lua"), LOAD_CPU, logs.resolve("wrk.log"));
    }

    public static void main(String[] args) throws Exception {
        Bench bench;
        try {
            bench = new Bench(args);
        } catch (RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Proc::stopAll));
        startWatchdog(bench.smoke ? Duration.ofMinutes(4) : Duration.ofMinutes(75));
        int rc;
        try {
            rc = bench.run();
        } finally {
            Proc.stopAll();
            if (bench.vertx != null) {
                bench.vertx.close();
            }
        }
        System.exit(rc);
    }

    /** The whole run is bounded: past the limit the children are stopped and the driver exits 3. */
    private static void startWatchdog(Duration limit) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench: watchdog: the run exceeded " + limit + "; stopping");
            Proc.stopAll();
            Runtime.getRuntime().halt(3);
        }, "bench-watchdog");
        t.setDaemon(true);
        t.start();
    }

    int run() throws Exception {
        Files.createDirectories(logs);
        Files.deleteIfExists(logs.resolve("wrk.log"));
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        busyBefore = awaitQuiet(quietWaitSeconds);
        disturbanceBudgetNanos = smoke ? 0 : 15 * 60 * 1_000_000_000L;
        long t0 = System.nanoTime();

        if (only.contains("startup")) {
            guarded("startup", this::startup);
        }
        boolean needServers = only.stream().anyMatch(s -> Set.of("invoke", "proxy", "sse", "ws").contains(s));
        Report.Figure rssIdle = null;
        if (needServers) {
            report.section("Long-lived servers (used by the load scenarios)");
            rssIdle = report.figure("RSS idle, before load", "MiB", true);
            try {
                migd = startMigd("main", true, Map.of("MIGD_HOME", benchHome().toString()));
                baseline = startBaseline("main", true);
                upstream = startUpstream();
                migd.awaitHello(60_000);
                baseline.awaitHello(60_000);
                upstream.awaitHello(60_000);
                Thread.sleep(idleWaitMs);
                rssIdle.a.add(migd.rssMiB());
                rssIdle.b.add(baseline.rssMiB());
            } catch (Exception e) {
                fail("servers", e);
                rssIdle.failed = String.valueOf(e.getMessage());
                return finish(t0);
            }
        }
        if (only.contains("invoke")) {
            guarded("invoke", this::invoke);
            guarded("invoke-layers", this::layers);
        }
        if (only.contains("proxy")) {
            guarded("proxy", this::proxy);
        }
        if (needServers && (only.contains("invoke") || only.contains("proxy"))) {
            Report.Figure after = report.figure("RSS after the HTTP load", "MiB", true);
            after.a.add(migd.rssMiB());
            after.b.add(baseline.rssMiB());
        }
        if (only.contains("sse")) {
            guarded("sse", this::sse);
        }
        if (only.contains("ws")) {
            guarded("ws", this::webSocket);
        }
        if (needServers) {
            report.section("Memory after the load scenarios");
            Thread.sleep(idleWaitMs);
            Report.Figure after = report.figure("RSS after all load (streams closed)", "MiB", true);
            after.a.add(migd.rssMiB());
            after.b.add(baseline.rssMiB());
            Report.Figure peak = report.figure("peak RSS over the run (VmHWM)", "MiB", true);
            peak.a.add(migd.peakRssMiB());
            peak.b.add(baseline.peakRssMiB());
            if (!migd.alive() || !baseline.alive()) {
                failures.add("a server exited during the run (see " + logs + ")");
            }
            // the NATS scenario has servers of its own: the idle HTTP ones leave the server CPU to them
            migd.stop();
            baseline.stop();
            upstream.stop();
        }
        if (only.contains("nats")) {
            guarded("nats", this::nats);
        }
        return finish(t0);
    }

    /** A benchmark on a busy machine measures the other work: wait (bounded) until the CPUs are mostly idle. */
    private double awaitQuiet(long maxSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        if (disturbanceBudgetNanos > 0) {
            deadline = Math.min(deadline, System.nanoTime() + disturbanceBudgetNanos);
        }
        double busy = Cpu.machineBusy(2_000);
        while (busy > 0.10 && System.nanoTime() < deadline) {
            log(String.format(Locale.ROOT, "the machine is %.0f%% busy with other work; waiting for it to calm down"
                    + " (at most %d s more)", busy * 100, (deadline - System.nanoTime()) / 1_000_000_000L));
            Thread.sleep(8_000);
            busy = Cpu.machineBusy(2_000);
        }
        return busy;
    }

    /** Repeat a disturbed measurement? Only while the run's budget for waiting and repeating lasts. */
    private boolean repeat(double foreign, int attempt, long runStartNanos) {
        if (smoke || foreign <= DISTURBED || attempt >= ATTEMPTS) {
            return false;
        }
        disturbanceBudgetNanos -= System.nanoTime() - runStartNanos;
        return disturbanceBudgetNanos > 0;
    }

    /** Waits for quiet before repeating, charging the wait to the budget. */
    private void awaitQuietCharged() throws InterruptedException {
        long t = System.nanoTime();
        awaitQuiet(10);
        disturbanceBudgetNanos -= System.nanoTime() - t;
    }

    private int finish(long t0) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append(header((System.nanoTime() - t0) / 1e9));
        text.append(report.render());
        text.append(targets());
        if (failures.isEmpty()) {
            text.append("\nall scenarios ran\n");
        } else {
            text.append("\nFAILED scenarios:\n");
            failures.forEach(f -> text.append("  - ").append(f).append('\n'));
        }
        System.out.print(text);
        System.out.flush();
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        log("results written to " + out);
        return failures.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    interface Scenario {
        void run() throws Exception;
    }

    private void guarded(String name, Scenario scenario) {
        log("scenario " + name);
        try {
            scenario.run();
        } catch (Exception e) {
            fail(name, e);
        }
    }

    private void fail(String what, Exception e) {
        log("FAILED " + what + ": " + e);
        failures.add(what + ": " + e.getMessage());
    }

    /** Startup to the first answered HELLO and idle RSS, with a fresh process per round: A B A B. */
    private void startup() throws Exception {
        report.section("Startup (fresh process per round; time from exec to the first HELLO answered 200)");
        startup = report.figure("startup to first HELLO", "s", true);
        idleRss = report.figure("RSS idle, " + idleWaitMs + " ms after first HELLO", "MiB", true);
        for (int r = 1; r <= rounds; r++) {
            for (boolean isMigd : new boolean[] {true, false}) {
                for (int attempt = 1; ; attempt++) {
                    long t = System.nanoTime();
                    Cpu cpu = new Cpu(SERVER_CPU, Proc.ALL).start();
                    Proc p = isMigd ? startMigd("startup-" + r, true) : startBaseline("startup-" + r, true);
                    try {
                        double s = p.awaitHello(60_000);
                        double foreign = cpu.foreignShare();
                        Thread.sleep(idleWaitMs);
                        double rss = p.rssMiB();
                        log(String.format(Locale.ROOT, "  round %d %-8s startup %.2f s, idle RSS %.0f MiB, other %.0f%%",
                                r, p.name, s, rss, foreign * 100));
                        if (!repeat(foreign, attempt, t)) {
                            interference.add(foreign);
                            (isMigd ? startup.a : startup.b).add(s);
                            (isMigd ? idleRss.a : idleRss.b).add(rss);
                            break;
                        }
                    } finally {
                        p.stop();
                    }
                    awaitQuietCharged();
                }
            }
        }
        // for reference: the same without pinning (both CPUs), since startup is mostly JIT and class loading
        startupUnpinned = report.figure("startup to first HELLO, unpinned (all CPUs)", "s", true);
        for (int r = 1; r <= rounds; r++) {
            for (boolean isMigd : new boolean[] {true, false}) {
                Proc p = isMigd ? startMigd("startup-unpinned-" + r, false)
                        : startBaseline("startup-unpinned-" + r, false);
                try {
                    double s = p.awaitHello(60_000);
                    (isMigd ? startupUnpinned.a : startupUnpinned.b).add(s);
                    log(String.format(Locale.ROOT, "  round %d %-8s unpinned startup %.2f s", r, p.name, s));
                } finally {
                    p.stop();
                }
            }
        }
    }

    /** HTTP unary invoke of the demo capability at 1, 16, 64 connections. */
    private void invoke() throws Exception {
        report.section("HTTP unary invoke of observatory.models.infer (wrk -t1, " + seconds + " s per run)");
        String migdUrl = "http://127.0.0.1:" + migd.port + "/mig/v0.1/invoke/observatory.models.infer";
        String baseUrl = "http://127.0.0.1:" + baseline.port + "/mig/v0.1/invoke/observatory.models.infer";
        checkPost(migdUrl, INVOKE_BODY, "\"result\":\"inferred: hello\"");
        checkPost(baseUrl, INVOKE_BODY, "\"result\":\"inferred: hello\"");
        List<Report.Figure[]> figures = new ArrayList<>();
        for (int c : invokeConnections) {
            Report.Figure[] f = {report.figure("invoke c=" + c + " throughput", "req/s", true),
                    report.figure("invoke c=" + c + " p50 latency", "ms", true),
                    report.figure("invoke c=" + c + " p99 latency", "ms", true)};
            figures.add(f);
            if (c == 64) {
                invoke64Rps = f[0];
            }
        }
        warm(migdUrl, INVOKE_BODY, 64, "migd");
        warm(baseUrl, INVOKE_BODY, 64, "baseline");
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < invokeConnections.length; i++) {
                int c = invokeConnections[i];
                Report.Figure[] f = figures.get(i);
                for (boolean isMigd : new boolean[] {true, false}) {
                    Wrk.Result res = load("invoke c=" + c + " round " + r + " " + (isMigd ? "migd" : "baseline"),
                            isMigd ? migdUrl : baseUrl, INVOKE_BODY, c, f[0]);
                    if (res != null) {
                        (isMigd ? f[0].a : f[0].b).add(res.rps());
                        (isMigd ? f[1].a : f[1].b).add(res.p50Ms());
                        (isMigd ? f[2].a : f[2].b).add(res.p99Ms());
                    }
                }
            }
        }
    }

    /**
     * Where the invoke's cost goes, at 64 connections against the same raw server: a bare one-step route on the
     * mig-http consumer (the HTTP consumer and Camel alone), HELLO (the smallest MIG operation: two routes, six shared
     * steps, the access line) and the whole invoke pipeline (measured above).
     */
    private void layers() throws Exception {
        report.section("Where the invoke's cost goes (c=64, wrk -t1, " + seconds + " s per run; baseline: the raw "
                + "server's invoke)");
        String bare = "http://127.0.0.1:" + migd.port + "/bench/bare";
        String hello = "http://127.0.0.1:" + migd.port + "/mig/v0.1/hello";
        String baseUrl = "http://127.0.0.1:" + baseline.port + "/mig/v0.1/invoke/observatory.models.infer";
        checkPost(bare, INVOKE_BODY, "null");
        checkPost(hello, INVOKE_BODY, "\"selected_version\"");
        Report.Figure bareRps = report.figure("bare one-step mig-http route, throughput", "req/s", true);
        Report.Figure helloRps = report.figure("HELLO (2 routes, 6 shared steps), throughput", "req/s", true);
        warm(bare, INVOKE_BODY, 64, "migd bare route");
        warm(hello, INVOKE_BODY, 64, "migd hello");
        for (int r = 1; r <= rounds; r++) {
            Wrk.Result a = load("bare route round " + r + " migd", bare, INVOKE_BODY, 64, bareRps);
            Wrk.Result b = load("bare route round " + r + " baseline", baseUrl, INVOKE_BODY, 64, bareRps);
            Wrk.Result h = load("hello round " + r + " migd", hello, INVOKE_BODY, 64, helloRps);
            if (a != null && b != null) {
                bareRps.a.add(a.rps());
                bareRps.b.add(b.rps());
            }
            if (h != null && b != null) {
                helloRps.a.add(h.rps());
                helloRps.b.add(b.rps());
            }
        }
    }

    /**
     * The long-lived migd's home: the repository's application.properties, routes and schemas, plus the bench's own
     * routes (bench/routes), so the gateway under test is the repository's with one extra route.
     */
    private Path benchHome() throws IOException {
        Path home = logs.resolve("migd-home");
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(home);
        Files.copy(repo.resolve("application.properties"), home.resolve("application.properties"));
        copyTree(repo.resolve("routes"), home.resolve("routes"));
        copyTree(repo.resolve("schemas"), home.resolve("schemas"));
        copyTree(repo.resolve("bench/routes"), home.resolve("routes/bench"));
        return home;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** Invoke through migd to a local upstream vs calling that upstream directly. */
    private void proxy() throws Exception {
        report.section("HTTP invoke proxied to a local upstream (A: wrk -> migd -> echo; B: wrk -> echo directly)");
        String admin = "{\"descriptor\":{\"id\":\"bench.upstream\",\"version\":\"1\"},\"endpoint\":\"http://127.0.0.1:"
                + upstream.port + "/echo\"}";
        HttpResponse<String> reg = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + migd.port + "/admin/v0.1/capabilities"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(admin)).build(), HttpResponse.BodyHandlers.ofString());
        if (reg.statusCode() / 100 != 2) {
            throw new IOException("registering bench.upstream answered " + reg.statusCode() + ": " + reg.body());
        }
        String viaMigd = "http://127.0.0.1:" + migd.port + "/mig/v0.1/invoke/bench.upstream";
        String direct = "http://127.0.0.1:" + upstream.port + "/echo";
        checkPost(viaMigd, INVOKE_BODY, "\"payload\":{\"input\":\"hello\"}");
        checkPost(direct, UPSTREAM_BODY, "{\"input\":\"hello\"}");
        warm(viaMigd, INVOKE_BODY, proxyConnections, "migd->upstream");
        warm(direct, UPSTREAM_BODY, proxyConnections, "upstream");
        for (int c : new int[] {proxyConnections, 1}) {
            Report.Figure mean = report.figure("c=" + c + " mean latency (B = direct)", "ms", true);
            Report.Figure added = report.figure("c=" + c + " mean latency added by migd (A-B)", "ms", false);
            Report.Figure rps = c == 1 ? null : report.figure("c=" + c + " throughput (B = direct)", "req/s", true);
            Report.Figure p99 = c == 1 ? null : report.figure("c=" + c + " p99 latency (B = direct)", "ms", true);
            if (c == proxyConnections) {
                proxyAdded = added;
            }
            for (int r = 1; r <= rounds; r++) {
                Wrk.Result a = load("proxy c=" + c + " round " + r + " migd", viaMigd, INVOKE_BODY, c, mean);
                Wrk.Result b = load("proxy c=" + c + " round " + r + " direct", direct, UPSTREAM_BODY, c, mean);
                if (a != null && b != null) {
                    mean.a.add(a.meanMs());
                    mean.b.add(b.meanMs());
                    added.a.add(a.meanMs() - b.meanMs());
                    if (rps != null) {
                        rps.a.add(a.rps());
                        rps.b.add(b.rps());
                        p99.a.add(a.p99Ms());
                        p99.b.add(b.p99Ms());
                    }
                }
            }
        }
    }

    /** SSE fan-out: publish -> last delivery, and the server's RSS with every subscriber connected. */
    private void sse() throws Exception {
        FanOut fanOut = new FanOut();
        for (int n : fanouts) {
            report.section("SSE fan-out to " + n + " subscribers (" + publishes + " publishes, one at a time, after "
                    + warmupPublishes + " unmeasured)");
            Report.Figure p50 = report.figure("publish -> last delivery p50", "ms", true);
            Report.Figure p99 = report.figure("publish -> last delivery p99", "ms", true);
            Report.Figure mean = report.figure("publish -> delivery, mean over all", "ms", true);
            Report.Figure rss = report.figure("server RSS with " + n + " subscribers", "MiB", true);
            Report.Figure sub = report.figure("time to open " + n + " subscriptions", "s", true);
            // one publish fans out to n subscribers: deliveries per second while it does
            Report.Figure rate = report.figure("fan-out deliveries/s (n / median last delivery)", "events/s", true);
            if (n == fanouts[fanouts.length - 1]) {
                bigFanoutP99 = p99;
                bigFanoutRss = rss;
            }
            for (int r = 1; r <= rounds; r++) {
                for (boolean isMigd : new boolean[] {true, false}) {
                    Proc p = isMigd ? migd : baseline;
                    String topic = "bench.fanout_" + n + "_r" + r;
                    String label = "sse n=" + n + " round " + r + " " + p.name;
                    FanOut.Result res;
                    double foreign;
                    int attempt = 1;
                    while (true) {
                        long t = System.nanoTime();
                        Cpu cpu = new Cpu(SERVER_CPU, Proc.ALL).start();
                        res = fanOut.run(p.port, topic + "_a" + attempt, n, warmupPublishes, publishes,
                                smoke ? 5_000 : 10_000, smoke ? 20_000 : 180_000, p::rssMiB);
                        foreign = cpu.foreignShare();
                        if (!repeat(foreign, attempt++, t)) {
                            break;
                        }
                        log(String.format(Locale.ROOT, "  %s: other processes used %.0f%% of CPU %s; measuring again",
                                label, foreign * 100, SERVER_CPU));
                        Thread.sleep(2_000);
                        awaitQuietCharged();
                    }
                    interference.add(foreign);
                    log(String.format(Locale.ROOT, "  %s: subscribe %.2f s, last p50 %s ms p99 %s ms, RSS %.0f MiB,"
                                    + " other processes %.0f%% of CPU %s%s",
                            label, res.subscribeSeconds(), Report.num(Report.percentile(res.lastDeliveryMs(), 50), "ms"),
                            Report.num(Report.percentile(res.lastDeliveryMs(), 99), "ms"), res.rssMiB(),
                            foreign * 100, SERVER_CPU, res.problem() == null ? "" : " PROBLEM: " + res.problem()));
                    if (res.problem() != null) {
                        p99.failed = label + ": " + res.problem();
                        failures.add(label + ": " + res.problem());
                    }
                    if (!res.lastDeliveryMs().isEmpty()) {
                        (isMigd ? p50.a : p50.b).add(Report.percentile(res.lastDeliveryMs(), 50));
                        (isMigd ? p99.a : p99.b).add(Report.percentile(res.lastDeliveryMs(), 99));
                        (isMigd ? mean.a : mean.b).add(res.meanDeliveryMs());
                        double medianLast = Report.percentile(res.lastDeliveryMs(), 50);
                        if (medianLast > 0) {
                            (isMigd ? rate.a : rate.b).add(n * 1000.0 / medianLast);
                        }
                    }
                    (isMigd ? rss.a : rss.b).add(res.rssMiB());
                    (isMigd ? sub.a : sub.b).add(res.subscribeSeconds());
                    Thread.sleep(smoke ? 200 : 2_000);   // let the server drop the closed streams
                }
            }
        }
    }

    /**
     * NATS request/reply invoke: migd's NATS binding against a raw jnats responder ({@link NatsResponder}), through
     * one nats-server, with the same jnats load generator (one connection, 1 and 16 requests outstanding). migd and
     * the responder stay subscribed for the whole scenario (warm), each in its own NATS account of that server, so a
     * request on the one subject reaches exactly one of them: the load generator's migd connection or its baseline
     * connection decides which. Runs alternate migd, baseline as everywhere else.
     */
    private void nats() throws Exception {
        report.section("NATS request/reply invoke of observatory.models.infer (jnats, one connection, " + seconds
                + " s per run; nats-server on CPU " + LOAD_CPU + ")");
        List<Report.Figure[]> figures = new ArrayList<>();
        for (int c : natsConcurrency) {
            String what = "nats " + c + " outstanding ";
            Report.Figure[] f = {report.figure(what + "throughput", "req/s", true),
                    report.figure(what + "p50 latency", "ms", true),
                    report.figure(what + "p99 latency", "ms", true)};
            figures.add(f);
        }
        natsP99One = figures.get(0)[2];
        natsP99Many = figures.get(figures.size() - 1)[2];
        int many = natsConcurrency[natsConcurrency.length - 1];
        Report.Figure cpu = report.figure("server CPU per request at " + many + " outstanding", "µs", true);

        String binary = natsServerBinary();
        Path conf = logs.resolve("nats-server.conf");
        Files.writeString(conf, natsConfig());
        int natsPort = Proc.freePort();
        String url = "nats://127.0.0.1:" + natsPort;
        // the broker is shared by A and B and is not under test: it runs on the load CPU (README, "NATS")
        Proc natsServer = Proc.start(NATS_SERVER, natsPort, List.of("taskset", "-c", LOAD_CPU, binary, "-c",
                conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(natsPort)), Map.of(), repo,
                logs.resolve("nats-server.log"));
        natsServer.onLoadCpu = true;
        Proc migdNats = null;
        Proc responder = null;
        Connection toMigd = null;
        Connection toRaw = null;
        try {
            natsServer.awaitPort(10_000);
            migdNats = startMigd("nats", true, Map.of("MIGD_NATS_URL", url, "MIGD_NATS_USER", NATS_MIGD_USER,
                    "MIGD_NATS_PASSWORD", NATS_PASSWORD));
            List<String> cmd = launcher(true);
            cmd.addAll(opts("BENCH_BASELINE_JAVA_OPTS"));
            cmd.addAll(List.of("-cp", benchJar(), NatsResponder.class.getName(), url, NATS_RAW_USER, NATS_PASSWORD));
            responder = Proc.start("responder", natsPort, cmd, Map.of(), repo, logs.resolve("nats-responder.log"));
            toMigd = Nats.connect(natsOptions(url, NATS_MIGD_USER));
            toRaw = Nats.connect(natsOptions(url, NATS_RAW_USER));
            migdNats.awaitHello(60_000);
            byte[] body = INVOKE_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            log(String.format(Locale.ROOT, "  nats-server %s (CPU %s); %s answered by", url, LOAD_CPU, NATS_SUBJECT));
            for (int side = 0; side < 2; side++) {
                io.nats.client.Message answer = Lanes.awaitNatsAnswer(side == 0 ? toMigd : toRaw, NATS_SUBJECT, body,
                        60_000, side == 0 ? migdNats : responder);
                log(String.format(Locale.ROOT, "    %-9s headers %s body %s", side == 0 ? "migd" : "responder",
                        answer.getHeaders() == null ? "{}" : answer.getHeaders().entrySet(),
                        new String(answer.getData(), java.nio.charset.StandardCharsets.UTF_8)));
            }

            Connection[] conns = {toMigd, toRaw};
            Proc[] servers = {migdNats, responder};
            for (int side = 0; side < 2; side++) {
                ClosedLoop.Result w = ClosedLoop.run(Lanes.nats(conns[side], NATS_SUBJECT, body, many,
                        Duration.ofSeconds(10)), closedLoopWarmupSeconds, 15_000);
                log(String.format(Locale.ROOT, "  warm-up %-15s %8.0f req/s", "nats " + servers[side].name, w.rps()));
                if (w.wrongAnswers() > 0) {
                    throw new IOException("warm-up of " + servers[side].name + ": " + w.problem());
                }
            }
            for (int r = 1; r <= rounds; r++) {
                for (int i = 0; i < natsConcurrency.length; i++) {
                    int c = natsConcurrency[i];
                    Report.Figure[] f = figures.get(i);
                    for (int side = 0; side < 2; side++) {
                        boolean isMigd = side == 0;
                        Connection conn = conns[side];
                        Sample<ClosedLoop.Result> s = measured("nats c=" + c + " round " + r + " "
                                + (isMigd ? "migd" : "baseline"), f[0], servers[side],
                                () -> ClosedLoop.run(Lanes.nats(conn, NATS_SUBJECT, body, c, Duration.ofSeconds(10)),
                                        seconds, 15_000));
                        if (s != null) {
                            record(f, isMigd, s.result());
                            if (c == many) {
                                (isMigd ? cpu.a : cpu.b).add(s.serverCpuMicrosPerRequest());
                            }
                        }
                    }
                }
            }
            if (!migdNats.alive() || !responder.alive() || !natsServer.alive()) {
                throw new IOException("a server exited during the NATS scenario (see " + logs + ")");
            }
        } finally {
            for (Connection conn : new Connection[] {toMigd, toRaw}) {
                if (conn != null) {
                    conn.close();
                }
            }
            for (Proc p : new Proc[] {responder, migdNats, natsServer}) {
                if (p != null) {
                    p.stop();
                }
            }
        }
    }

    /** One nats-server, two accounts: subjects are per account, so the same subject can have two responders. */
    static String natsConfig() {
        return "# written by the bench driver: one account per side, so migd and the raw responder never share a"
                + " subject\n"
                + "accounts {\n"
                + "  MIGD { users = [ { user = \"" + NATS_MIGD_USER + "\", password = \"" + NATS_PASSWORD + "\" } ] }\n"
                + "  RAW { users = [ { user = \"" + NATS_RAW_USER + "\", password = \"" + NATS_PASSWORD + "\" } ] }\n"
                + "}\n";
    }

    private static Options natsOptions(String url, String user) {
        return new Options.Builder().server(url).userInfo(user.toCharArray(), NATS_PASSWORD.toCharArray())
                .connectionName("bench-load-" + user).connectionTimeout(Duration.ofSeconds(5)).build();
    }

    /** {@code BENCH_NATS_SERVER}, else nats-server on PATH, else where Debian installs it. */
    private static String natsServerBinary() throws IOException {
        String given = System.getenv("BENCH_NATS_SERVER");
        if (given != null && !given.isBlank()) {
            if (!Files.isExecutable(Path.of(given))) {
                throw new IOException("BENCH_NATS_SERVER=" + given + " is not an executable file");
            }
            return given;
        }
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"));
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, NATS_SERVER);
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IOException("nats-server is not installed (apt-get install -y nats-server)");
    }

    /**
     * WebSocket {@code /mig/v0.1/stream}: a unary request frame answered by one response frame, migd against the
     * baseline's raw Vert.x WebSocket handler, with the same Vert.x WebSocket client: one socket (round-trip latency)
     * and several sockets (throughput), one request outstanding per socket.
     */
    private void webSocket() throws Exception {
        report.section("WebSocket /mig/v0.1/stream unary request -> response frame (Vert.x client, one request"
                + " outstanding per socket, " + seconds + " s per run)");
        List<Report.Figure[]> figures = new ArrayList<>();
        for (int n : wsSockets) {
            String what = "ws " + n + (n == 1 ? " socket " : " sockets ");
            figures.add(new Report.Figure[] {report.figure(what + "throughput", "req/s", true),
                    report.figure(what + "p50 latency", "ms", true),
                    report.figure(what + "p99 latency", "ms", true)});
        }
        int many = wsSockets[wsSockets.length - 1];
        Report.Figure cpu = report.figure("server CPU per request at " + many + " sockets", "µs", true);
        Proc[] servers = {migd, baseline};
        for (Proc p : servers) {
            try (Lanes.WebSockets one = Lanes.WebSockets.open(vertx, p.port, 1, "check-")) {
                String answer = one.lanes.get(0).roundTrip(10_000);
                JsonObject frame = new JsonObject(answer);
                if (!"response".equals(frame.getString("kind")) || !Boolean.TRUE.equals(frame.getBoolean("end_stream"))
                        || !"inferred: hello".equals(frame.getJsonObject("payload", new JsonObject())
                        .getString("result")) || !"check-0-check".equals(frame.getString("stream_id"))) {
                    throw new IOException(p.name + " answered the WebSocket request with " + answer);
                }
                log(String.format(Locale.ROOT, "  ws %-8s answers %s", p.name, answer));
            }
        }
        for (Proc p : servers) {
            try (Lanes.WebSockets sockets = Lanes.WebSockets.open(vertx, p.port, many, "w")) {
                ClosedLoop.Result w = ClosedLoop.run(sockets.lanes, closedLoopWarmupSeconds, 15_000);
                log(String.format(Locale.ROOT, "  warm-up %-15s %8.0f req/s", "ws " + p.name, w.rps()));
                if (w.wrongAnswers() > 0) {
                    throw new IOException("warm-up of " + p.name + ": " + w.problem());
                }
            }
        }
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < wsSockets.length; i++) {
                int n = wsSockets[i];
                Report.Figure[] f = figures.get(i);
                for (int side = 0; side < 2; side++) {
                    boolean isMigd = side == 0;
                    Proc p = servers[side];
                    // sockets are opened before and closed after the measured run: only request/response is timed
                    try (Lanes.WebSockets sockets = Lanes.WebSockets.open(vertx, p.port, n, "r" + r + "-")) {
                        Sample<ClosedLoop.Result> s = measured("ws n=" + n + " round " + r + " " + p.name, f[0], p,
                                () -> ClosedLoop.run(sockets.lanes, seconds, 15_000));
                        if (s != null) {
                            record(f, isMigd, s.result());
                            if (n == many) {
                                (isMigd ? cpu.a : cpu.b).add(s.serverCpuMicrosPerRequest());
                            }
                        }
                    }
                }
            }
        }
    }

    /** throughput, p50, p99 of a run into the figures of migd (A) or the baseline (B) */
    private static void record(Report.Figure[] f, boolean isMigd, Measured res) {
        (isMigd ? f[0].a : f[0].b).add(res.rps());
        (isMigd ? f[1].a : f[1].b).add(res.p50Ms());
        (isMigd ? f[2].a : f[2].b).add(res.p99Ms());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void warm(String url, String body, int c, String who) throws Exception {
        Wrk.Result res = wrk.run("warm-up " + who, url, body, c, warmupSeconds);
        log(String.format(Locale.ROOT, "  warm-up %-15s %8.0f req/s", who, res.rps()));
        // a cold JVM may complete nothing in a short warm-up; only wrong answers are a failure here
        if (res.statusErrors() > 0) {
            throw new IOException("warm-up of " + who + ": " + res.problem());
        }
    }

    /** One measured wrk run; a run that cannot be used is recorded as a failure of its figure. */
    private Wrk.Result load(String label, String url, String body, int c, Report.Figure figure) throws Exception {
        Sample<Wrk.Result> s = measured(label, figure, null, () -> wrk.run(label, url, body, c, seconds));
        return s == null ? null : s.result();
    }

    /**
     * One measured run of any load generator, repeated when other processes disturbed it (see {@link #repeat});
     * a run that cannot be used is recorded as a failure of its figure (null). With {@code server}, also the CPU
     * time that process used per answered request (its own ticks over the run: what one request costs it, whether
     * or not the server CPU was the bottleneck).
     */
    private <R extends Measured> Sample<R> measured(String label, Report.Figure figure, Proc server,
                                                    Callable<R> run) throws Exception {
        R res;
        double foreign;
        long serverTicks;
        double loadShare;
        int attempt = 1;
        while (true) {
            long t = System.nanoTime();
            Cpu cpu = new Cpu(SERVER_CPU, Proc.ALL).start();
            long load0 = Cpu.loadSideTicks();
            long own0 = server == null ? 0 : Cpu.procTicks(server.pid());
            long wall0 = System.nanoTime();
            res = run.call();
            serverTicks = server == null ? 0 : Cpu.procTicks(server.pid()) - own0;
            loadShare = (Cpu.loadSideTicks() - load0) / ((System.nanoTime() - wall0) / 1e9 * Cpu.HZ);
            foreign = cpu.foreignShare();
            if (!repeat(foreign, attempt++, t)) {
                break;
            }
            log(String.format(Locale.ROOT, "  %s: other processes used %.0f%% of CPU %s; measuring again", label,
                    foreign * 100, SERVER_CPU));
            awaitQuietCharged();
        }
        interference.add(foreign);
        double cpuPerRequest = server == null || res.rps() <= 0 ? Double.NaN
                : serverTicks * (1e6 / Cpu.HZ) / (res.rps() * secondsOf(res));
        log(String.format(Locale.ROOT, "  %-32s %8.0f req/s  mean %6.2f  p50 %6.2f  p99 %6.2f ms  other %3.0f%%%s%s",
                label, res.rps(), res.meanMs(), res.p50Ms(), res.p99Ms(), foreign * 100,
                server == null ? "" : String.format(Locale.ROOT, "  server %.0f µs/req, load side %.0f%% of CPU %s",
                        cpuPerRequest, loadShare * 100, LOAD_CPU),
                res.problem() == null ? "" : "  PROBLEM: " + res.problem()));
        if (res.problem() != null) {
            figure.failed = label + ": " + res.problem();
            failures.add(label + ": " + res.problem());
            return null;
        }
        return new Sample<>(res, cpuPerRequest, loadShare);
    }

    private static double secondsOf(Measured res) {
        return res instanceof Wrk.Result w ? w.seconds() : res instanceof ClosedLoop.Result c ? c.seconds() : 1;
    }

    private void checkPost(String url, String body, String expected) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Tenant-ID", TENANT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200 || !res.body().contains(expected)) {
            throw new IOException(url + " answered " + res.statusCode() + ": " + res.body());
        }
    }

    private String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> opts(String env) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? List.of() : Arrays.asList(v.trim().split("\\s+"));
    }

    /**
     * Pinned: the server CPU. Unpinned: every online CPU, set explicitly, since a child would otherwise inherit the
     * bench's own pinning to the load CPU.
     */
    private List<String> launcher(boolean pinned) {
        return new ArrayList<>(List.of("taskset", "-c", pinned ? SERVER_CPU : onlineCpus(), java()));
    }

    private static String onlineCpus() {
        try {
            return Files.readString(Path.of("/sys/devices/system/cpu/online")).trim();
        } catch (IOException e) {
            return "0-" + (Runtime.getRuntime().availableProcessors() - 1);
        }
    }

    private Proc startMigd(String tag, boolean pinned) throws IOException {
        return startMigd(tag, pinned, Map.of());
    }

    private Proc startMigd(String tag, boolean pinned, Map<String, String> extraEnv) throws IOException {
        int port = Proc.freePort();
        List<String> cmd = launcher(pinned);
        // the README's run command: the class data archive that `package` trains next to the jar
        cmd.add("-XX:SharedArchiveFile=" + repo.resolve("target/migd.jsa"));
        cmd.addAll(opts("BENCH_MIGD_JAVA_OPTS"));
        cmd.addAll(List.of("-jar", repo.resolve("target/migd.jar").toString()));
        Map<String, String> env = new java.util.HashMap<>(Map.of("MIGD_ADDR", "127.0.0.1:" + port,
                "MIGD_SHUTDOWN_TIMEOUT_SECONDS", "5"));
        env.putAll(extraEnv);
        return Proc.start("migd", port, cmd, env, repo, logs.resolve("migd-" + tag + ".log"));
    }

    private Proc startBaseline(String tag, boolean pinned) throws IOException {
        int port = Proc.freePort();
        List<String> cmd = launcher(pinned);
        cmd.addAll(opts("BENCH_BASELINE_JAVA_OPTS"));
        cmd.addAll(List.of("-cp", benchJar(), Baseline.class.getName(), Integer.toString(port)));
        return Proc.start("baseline", port, cmd, Map.of(), repo, logs.resolve("baseline-" + tag + ".log"));
    }

    /** The upstream shares the server core: everything server-side is on core 0, only load is on core 1. */
    private Proc startUpstream() throws IOException {
        int port = Proc.freePort();
        List<String> cmd = new ArrayList<>(List.of("taskset", "-c", SERVER_CPU, java()));
        cmd.addAll(opts("BENCH_BASELINE_JAVA_OPTS"));
        cmd.addAll(List.of("-cp", benchJar(), EchoUpstream.class.getName(), Integer.toString(port)));
        return Proc.start("upstream", port, cmd, Map.of(), repo, logs.resolve("upstream.log"));
    }

    private String benchJar() {
        return repo.resolve("bench/target/migd-bench.jar").toString();
    }

    private static void log(String message) {
        System.err.println("[bench " + java.time.LocalTime.now().withNano(0) + "] " + message);
    }

    // ------------------------------------------------------------------------------------------------ report

    private String header(double elapsed) {
        String cpu = "?";
        int cpus = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && cpu.equals("?")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("processor")) {
                    cpus++;
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        String rev = System.getenv().getOrDefault("BENCH_GIT_REV", "?");
        return "migd benchmark — " + (smoke ? "SMOKE run (tiny counts: checks that every scenario runs; the figures"
                + " mean nothing)" : "full run") + "\n"
                + "date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replaceAll("\\.\\d+", "")
                + "   migd commit: " + rev + "   took " + Math.round(elapsed) + " s\n"
                + "machine: " + cpus + " CPUs (" + cpu + "), kernel " + System.getProperty("os.version") + ", JDK "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")\n"
                + "method: servers pinned to CPU " + SERVER_CPU + " (taskset), load generators (wrk -t1, the NIO SSE"
                + " client, the Vert.x WebSocket client, the jnats client) and nats-server pinned to CPU " + LOAD_CPU + "; rounds="
                + rounds + " alternating migd, baseline; " + seconds + " s per measured run after a " + warmupSeconds
                + " s warm-up per server\n"
                + String.format(Locale.ROOT, "interference: the machine was %.0f%% busy before the run; other processes"
                        + " used median %.1f%%, max %.1f%% of CPU %s during the measured runs%s%n%n",
                busyBefore * 100, Report.median(interference) * 100, Report.max(interference) * 100, SERVER_CPU,
                Report.max(interference) > 0.05 ? "  WARNING: figures disturbed by other work on this machine" : "");
    }

    private String targets() {
        if (invoke64Rps == null && proxyAdded == null && startup == null && bigFanoutP99 == null
                && natsP99One == null) {
            return "";
        }
        StringBuilder t = new StringBuilder("\n## Targets (judged on medians" + (smoke ? "; SMOKE: not meaningful" : "")
                + ")\n");
        if (invoke64Rps != null) {
            double ratio = Report.median(invoke64Rps.ratios());
            line(t, "HTTP invoke, whole pipeline, c=64: >= 0.5x the baseline's req/s",
                    Report.num(ratio, "x") + "x", ratio >= 0.5);
        }
        if (proxyAdded != null) {
            double added = Report.median(proxyAdded.a);
            line(t, "proxying adds <= 0.5 ms mean latency at c=32", Report.num(added, "ms") + " ms", added <= 0.5);
        }
        if (bigFanoutP99 != null) {
            double p99 = Report.median(bigFanoutP99.a);
            double rss = Report.max(bigFanoutRss.a);
            int n = fanouts[fanouts.length - 1];
            line(t, n + " SSE subscribers: publish -> last delivery p99 < 100 ms", Report.num(p99, "ms") + " ms",
                    p99 < 100);
            line(t, n + " SSE subscribers: RSS < 512 MiB (max over rounds)", Report.num(rss, "MiB") + " MiB",
                    rss < 512);
        }
        if (natsP99One != null) {
            for (Report.Figure f : new Report.Figure[] {natsP99One, natsP99Many}) {
                double ratio = Report.median(f.ratios());
                String outstanding = f.name.replaceAll("^nats (\\d+) outstanding.*", "$1");
                line(t, "NATS invoke p99 <= 1.5x the raw responder's, " + outstanding + " outstanding",
                        Report.num(ratio, "x") + "x", ratio <= 1.5);
            }
        }
        if (startup != null) {
            double s = Report.median(startup.a);
            double rss = Report.median(idleRss.a);
            // both: on the server CPU alone the JIT compilers compete with the starting gateway for that one CPU
            line(t, "startup to first HELLO < 2 s, pinned to one CPU", Report.num(s, "s") + " s", s < 2);
            if (!startupUnpinned.a.isEmpty()) {
                double all = Report.median(startupUnpinned.a);
                line(t, "startup to first HELLO < 2 s, with the machine's CPUs", Report.num(all, "s") + " s", all < 2);
            }
            line(t, "idle RSS < 200 MiB", Report.num(rss, "MiB") + " MiB", rss < 200);
        }
        return t.toString();
    }

    private static void line(StringBuilder t, String target, String measured, boolean met) {
        boolean nan = measured.startsWith("-");
        t.append(String.format(Locale.ROOT, "  %-62s %-12s %s%n", target, measured,
                nan ? "NOT MEASURED" : met ? "MET" : "MISSED"));
    }
}
