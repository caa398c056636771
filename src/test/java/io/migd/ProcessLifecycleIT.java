package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * migd as operators run it: {@code java -jar migd.jar} as a child process, configured only through environment
 * variables. Startup from an arbitrary directory, refusal of invalid configuration before listening, and a graceful
 * SIGTERM that lets in-flight work finish.
 */
class ProcessLifecycleIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    /** "within a few seconds": a JVM start plus validation; generous for a loaded CI machine. */
    private static final Duration CONFIG_FAILURE_EXIT = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN_EXIT = Duration.ofSeconds(15);

    private static final String SEED_HELLO = """
            {
              "header": {"tenant_id": "acme"},
              "supported_versions": ["0.1"],
              "requested_bindings": ["http"]
            }""";

    private final List<MigdProcess> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (MigdProcess p : processes) {
            p.process.destroyForcibly();
            p.process.waitFor(10, TimeUnit.SECONDS);
        }
        processes.clear();
    }

    // --- a. starts from any directory -------------------------------------------------------------------------

    @Test
    void startsFromAnEmptyDirectoryWithTheFilesInsideTheJar(@TempDir Path emptyDir) throws Exception {
        int port = AvailablePortFinder.getNextAvailable();
        MigdProcess migd = start(emptyDir, Map.of("MIGD_ADDR", "127.0.0.1:" + port));

        String line = migd.awaitListening(START_TIMEOUT);
        assertTrue(line.contains("migd listening on http://127.0.0.1:" + port + " "), line);
        assertTrue(line.contains("auth=none"), line);
        assertTrue(line.contains("bindings=[http, ws]"), line);

        MigClient client = new MigClient(URI.create("http://127.0.0.1:" + port));
        Reply hello = client.post("/mig/v0.1/hello", SEED_HELLO, "X-Tenant-ID", "acme");
        assertEquals(200, hello.status(), migd.describe(hello.rawBody()));
        assertEquals("0.1", hello.body().path("selected_version").asText(), hello.rawBody());
        assertEquals("http", hello.body().path("selected_binding").asText(), hello.rawBody());

        Reply invoke = client.post("/mig/v0.1/invoke/observatory.models.infer",
                MigClient.invokeBody("acme", "{\"input\":\"hello\"}"), "X-Tenant-ID", "acme");
        assertEquals(200, invoke.status(), migd.describe(invoke.rawBody()));
        JsonNode result = invoke.body().path("payload").path("result");
        assertTrue(result.isTextual(), "payload.result must be a string: " + invoke.rawBody());
        assertFalse(result.asText().isEmpty(), invoke.rawBody());

        try (Stream<Path> left = Files.list(emptyDir)) {
            assertEquals(List.of(), left.toList(), "the gateway must not need to write into its working directory");
        }
    }

    // --- b. invalid configuration stops startup -----------------------------------------------------------------

    static Stream<Arguments> invalidConfigurations() {
        int port = AvailablePortFinder.getNextAvailable();
        String addr = "127.0.0.1:" + port;
        return Stream.of(
                Arguments.of("MIGD_ADDR", env("MIGD_ADDR", "abc"), -1),
                Arguments.of("MIGD_ADDR", env("MIGD_ADDR", ":99999"), -1),
                Arguments.of("MIGD_AUTH_MODE", env("MIGD_ADDR", addr, "MIGD_AUTH_MODE", "kerberos"), port),
                Arguments.of("MIGD_JWT_HS256_SECRET", env("MIGD_ADDR", addr, "MIGD_AUTH_MODE", "jwt"), port),
                Arguments.of("MIGD_JWT_HS256_SECRET", env("MIGD_ADDR", addr, "MIGD_AUTH_MODE", "jwt",
                        "MIGD_JWT_HS256_SECRET", "0123456789"), port),
                Arguments.of("MIGD_ENABLE_METRICS", env("MIGD_ADDR", addr, "MIGD_ENABLE_METRICS", "maybe"), port),
                Arguments.of("MIGD_NATS_URL", env("MIGD_ADDR", addr, "MIGD_NATS_URL", "http://x"), port));
    }

    @ParameterizedTest(name = "[{index}] {1} -> names {0}")
    @MethodSource("invalidConfigurations")
    void invalidValueStopsStartupNamingTheVariable(String variable, Map<String, String> env, int port,
                                                   @TempDir Path dir) throws Exception {
        MigdProcess migd = start(dir, env);
        long deadline = System.nanoTime() + CONFIG_FAILURE_EXIT.toNanos();
        boolean listened = false;
        // poll the configured port for as long as the process lives: it must never accept a connection
        while (migd.process.isAlive() && System.nanoTime() < deadline) {
            if (port > 0 && accepts(port)) {
                listened = true;
            }
            migd.process.waitFor(25, TimeUnit.MILLISECONDS);
        }
        assertFalse(migd.process.isAlive(), "still running after " + CONFIG_FAILURE_EXIT + ": " + migd.describe(""));
        migd.awaitDrained();
        int exit = migd.process.exitValue();
        assertNotEquals(0, exit, migd.describe("exit code"));
        assertFalse(listened, "port " + port + " was listened on before the process gave up: " + migd.describe(""));
        if (port > 0) {
            assertFalse(accepts(port), "port " + port + " is listened on after exit");
        }

        String message = migd.stderrLines().stream().filter(l -> l.startsWith("migd: ")).findFirst()
                .orElseGet(() -> fail("no stderr line starting 'migd: ': " + migd.describe("")));
        assertTrue(message.contains(variable), "the message must name " + variable + ": " + message);
        assertFalse(migd.stdoutText().contains("migd listening on"), migd.describe("claimed to listen"));
    }

    @Test
    void aTakenPortStopsStartupNamingTheVariable(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            MigdProcess migd = start(dir, env("MIGD_ADDR", "127.0.0.1:" + taken.getLocalPort()));
            assertTrue(migd.process.waitFor(CONFIG_FAILURE_EXIT.toSeconds(), TimeUnit.SECONDS), migd.describe(""));
            migd.awaitDrained();
            assertEquals(2, migd.process.exitValue(), migd.describe("exit code"));
            String message = migd.stderrLines().stream().filter(l -> l.startsWith("migd: ")).findFirst()
                    .orElseGet(() -> fail("no stderr line starting 'migd: ': " + migd.describe("")));
            assertTrue(message.contains("MIGD_ADDR") && message.contains(String.valueOf(taken.getLocalPort())),
                    message);
        }
    }

    // --- c. SIGTERM ---------------------------------------------------------------------------------------------

    @Test
    void sigtermLetsTheInFlightInvocationFinishThenExits(@TempDir Path dir) throws Exception {
        try (TestUpstream upstream = new TestUpstream()) {
            upstream.slow("/slow", 1500, "{\"answer\":\"late but complete\"}");
            int port = AvailablePortFinder.getNextAvailable();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("MIGD_ADDR", "127.0.0.1:" + port);
            env.put("MIGD_SHUTDOWN_TIMEOUT_SECONDS", "10");
            // the project's files, so that this test does not depend on the jar-only startup of test a
            env.put("MIGD_HOME", projectDir().toString());
            MigdProcess migd = start(dir, env);
            migd.awaitListening(START_TIMEOUT);

            MigClient client = new MigClient(URI.create("http://127.0.0.1:" + port));
            Reply bound = client.post("/admin/v0.1/capabilities", """
                    {"descriptor": {"id": "x.slow", "version": "1.0.0", "modes": ["unary"]},
                     "endpoint": "%s"}""".formatted(upstream.url("/slow")));
            assertTrue(bound.status() == 200 || bound.status() == 201, migd.describe(bound.rawBody()));

            CompletableFuture<Reply> inFlight = client.postAsync("/mig/v0.1/invoke/x.slow",
                    MigClient.invokeBody("acme", "{\"q\":1}"), "X-Tenant-ID", "acme");
            awaitTrue(() -> upstream.calls("/slow") >= 1, Duration.ofSeconds(10),
                    () -> "the upstream never received the invocation: " + migd.describe(""));
            assertFalse(inFlight.isDone(), "the invocation must still be in flight when SIGTERM is sent");

            migd.process.destroy(); // SIGTERM

            Reply reply = inFlight.get(SHUTDOWN_EXIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, reply.status(), migd.describe(reply.rawBody()));
            assertEquals("late but complete", reply.body().path("payload").path("answer").asText(), reply.rawBody());

            assertTrue(migd.process.waitFor(SHUTDOWN_EXIT.toSeconds(), TimeUnit.SECONDS),
                    "no exit within " + SHUTDOWN_EXIT + " of SIGTERM: " + migd.describe(""));
            assertEquals(1, upstream.calls("/slow"), "the provider ran once");

            // after shutdown: refused at once, not a hang
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpRequest after = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mig/v0.1/hello"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                    .POST(HttpRequest.BodyPublishers.ofString(SEED_HELLO)).build();
            long began = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(after, HttpResponse.BodyHandlers.ofString());
                fail("answered after shutdown: " + response.statusCode() + " " + response.body());
            } catch (IOException e) {
                assertTrue(hasCause(e, ConnectException.class), "expected a refused connection, got " + e);
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(3)) < 0,
                    "the refused request took too long");
        }
    }

    // --- the child process --------------------------------------------------------------------------------------

    private MigdProcess start(Path workDir, Map<String, String> env) throws IOException {
        Path jar = Path.of(System.getProperty("migd.jar", "target/migd.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "no gateway jar at " + jar + " (run after `package`)");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-jar", jar.toString()).directory(workDir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGD_"));
        builder.environment().putAll(env);
        MigdProcess migd = new MigdProcess(builder.start());
        processes.add(migd);
        return migd;
    }

    private static final class MigdProcess {
        final Process process;
        final List<String> stdout = new CopyOnWriteArrayList<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();
        final CountDownLatch listening = new CountDownLatch(1);
        final CountDownLatch drained = new CountDownLatch(2);
        volatile String listeningLine;

        MigdProcess(Process process) {
            this.process = process;
            drain(process.getInputStream(), stdout, "stdout");
            drain(process.getErrorStream(), stderr, "stderr");
        }

        private void drain(InputStream in, List<String> into, String name) {
            Thread t = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        into.add(line);
                        if (line.contains("migd listening on")) {
                            listeningLine = line;
                            listening.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process went away
                } finally {
                    drained.countDown();
                }
            }, "migd-" + name + "-" + process.pid());
            t.setDaemon(true);
            t.start();
        }

        /** The "migd listening on" line; fails as soon as the process dies without it. */
        String awaitListening(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (listening.await(50, TimeUnit.MILLISECONDS)) {
                    return listeningLine;
                }
                if (!process.isAlive()) {
                    awaitDrained();
                    if (listeningLine != null) {
                        return listeningLine;
                    }
                    fail("migd exited with " + process.exitValue() + " before listening: " + describe(""));
                }
            }
            return fail("no 'migd listening on' line within " + timeout + ": " + describe(""));
        }

        void awaitDrained() throws InterruptedException {
            drained.await(5, TimeUnit.SECONDS);
        }

        List<String> stderrLines() {
            return stderr;
        }

        String stdoutText() {
            return String.join("\n", stdout);
        }

        String describe(String what) {
            return what + "\n--- migd stdout (tail) ---\n" + tail(stdout) + "\n--- migd stderr (tail) ---\n"
                    + tail(stderr);
        }

        private static String tail(List<String> lines) {
            List<String> copy = new ArrayList<>(lines);
            return String.join("\n", copy.subList(Math.max(0, copy.size() - 40), copy.size()));
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Map<String, String> env(String... keyValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path projectDir() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        assertTrue(Files.isRegularFile(dir.resolve("application.properties")), "not the project dir: " + dir);
        return dir;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout,
                                  java.util.function.Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message.get());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
