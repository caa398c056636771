package io.migd.support;

import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} process on a free 127.0.0.1 port, for tests. Missing binary: the test is skipped on a
 * developer machine, but fails when the {@code CI} variable is set (CI installs nats-server; a skip there would hide
 * a broken binding). {@link #stop()} and {@link #start()} restart it on the same port (and, with JetStream, the same
 * store directory), as an operator restarting NATS would.
 */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private final Path storeDir;
    private final Path logFile;
    private Process process;

    private NatsServerProcess(boolean jetstream, List<String> extraArgs) throws IOException {
        this.port = AvailablePortFinder.getNextAvailable();
        this.extraArgs = List.copyOf(extraArgs);
        this.storeDir = jetstream ? Files.createTempDirectory("migd-nats-js") : null;
        this.logFile = Files.createTempFile("migd-nats", ".log");
    }

    /** A core NATS server ({@code extraArgs} e.g. {@code --user u --pass p}); not started yet. */
    public static NatsServerProcess core(String... extraArgs) throws IOException {
        return new NatsServerProcess(false, List.of(extraArgs));
    }

    /** A server with JetStream and a file store in a temporary directory; not started yet. */
    public static NatsServerProcess jetStream(String... extraArgs) throws IOException {
        return new NatsServerProcess(true, List.of(extraArgs));
    }

    /** The nats-server binary on PATH (Debian installs it to /usr/sbin), or a skip / CI failure. */
    public static String binary() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin"));
        for (String dir : dirs) {
            File candidate = new File(dir, "nats-server");
            if (!dir.isEmpty() && candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !"false".equalsIgnoreCase(ci)) {
            throw new AssertionError("nats-server is not installed but CI is set: apt-get install -y nats-server");
        }
        Assumptions.abort("nats-server is not installed (apt-get install -y nats-server); NATS tests skipped");
        return null;
    }

    public NatsServerProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        if (storeDir != null) {
            command.addAll(List.of("-js", "-sd", storeDir.toString()));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        awaitPort(Duration.ofSeconds(10));
        return this;
    }

    /** Stops the server (SIGTERM, then kill) and waits until the port is closed. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitPort(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
        throw new IOException("nats-server did not listen on " + port + " within " + timeout + ":\n" + log());
    }
}
