package io.migd.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.test.AvailablePortFinder;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code java -jar target/migd.jar} as a child process on a free port, configured through its environment. */
public final class ChildGateway implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch listening = new CountDownLatch(1);

    private ChildGateway(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread drain = new Thread(() -> drain(process.getInputStream()), "migd-child-" + process.pid());
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts the jar in {@code workDir} with the given MIGD_* variables (and no others), and waits until it listens. */
    public static ChildGateway start(Path workDir, Map<String, String> env, Duration timeout) throws Exception {
        // the README's run command maps the class data archive that `package` trains; the tests start many gateways
        return start(workDir, env, timeout, List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:SharedArchiveFile=" + classDataArchive()));
    }

    /** As {@link #start(Path, Map, Duration)}, with these JVM options instead of the tests' defaults. */
    public static ChildGateway start(Path workDir, Map<String, String> env, Duration timeout, List<String> jvmOptions)
            throws Exception {
        Path jar = jar();
        assertTrue(Files.isRegularFile(jar), "no gateway jar at " + jar + " (run after `package`)");
        int port = AvailablePortFinder.getNextAvailable();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("MIGD_"));
        builder.environment().putAll(env);
        builder.environment().put("MIGD_ADDR", "127.0.0.1:" + port);
        ChildGateway child = new ChildGateway(builder.start(), port);
        if (!child.listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.close();
            fail("the gateway did not listen within " + timeout + ": " + child.tail());
        }
        return child;
    }

    public static Path jar() {
        return Path.of(System.getProperty("migd.jar", "target/migd.jar")).toAbsolutePath();
    }

    /** {@code target/migd.jsa}, written by {@code package} next to the jar. */
    public static Path classDataArchive() {
        return jar().resolveSibling("migd.jsa");
    }

    public MigClient client() {
        return new MigClient(URI.create("http://127.0.0.1:" + port));
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, and wait for the exit. */
    public void terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the gateway did not exit after SIGTERM: " + tail());
    }

    /** SIGKILL: the JVM gets no chance to flush or run shutdown hooks. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the killed gateway did not exit");
    }

    /** Waits until a line of the gateway's output contains {@code text}; false when none did in time. */
    public boolean awaitLine(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (output.stream().anyMatch(line -> line.contains(text))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    public String tail() {
        List<String> copy = new ArrayList<>(output);
        return String.join("\n", copy.subList(Math.max(0, copy.size() - 40), copy.size()));
    }

    private void drain(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                if (line.contains("migd listening on")) {
                    listening.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process went away
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
