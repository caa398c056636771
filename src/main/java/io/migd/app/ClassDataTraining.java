package io.migd.app;

import io.migd.config.MigdSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training run behind {@code target/migd.jsa}, the class data archive that the README's run command maps
 * ({@code -XX:SharedArchiveFile}).
 *
 * <p>{@code mvn package} runs this class from the finished jar with {@code -XX:ArchiveClassesAtExit}: it starts the
 * gateway from the project's files on a free 127.0.0.1 port, makes the calls a gateway answers first (HELLO, DISCOVER,
 * an invocation of the demo capability, a malformed request), stops it and exits, and the JVM writes every class it
 * loaded to the archive. A gateway started with the archive maps those classes, already parsed and verified, instead
 * of reading them out of the jar: on this project's 2-CPU machine, startup to the first HELLO falls from about 3 s
 * to 1.4–1.9 s, and idle RSS from about 206 to 177 MiB (bench/README.md).
 *
 * <p>Nothing here is needed to run migd: without the archive (or with a different JDK) the JVM loads the classes from
 * the jar as usual.
 */
public final class ClassDataTraining {

    private static final String INVOKE = "{\"header\":{\"tenant_id\":\"training\"},\"payload\":{\"input\":\"hello\"}}";

    private ClassDataTraining() {
    }

    /** {@code args[0]}: the gateway home (default: the working directory). */
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : ".");
        int port = freePort();
        // the embedded defaults, whatever MIGD_* variables the build's shell has
        MigdLauncher gateway = new MigdLauncher(home, Map.of(MigdSettings.ADDR.key(), "127.0.0.1:" + port,
                MigdSettings.AUTH_MODE.key(), MigdSettings.AUTH_MODE.defaultValue(),
                MigdSettings.NATS_URL.key(), MigdSettings.NATS_URL.defaultValue(),
                MigdSettings.GRPC_ADDR.key(), MigdSettings.GRPC_ADDR.defaultValue()));
        int code = 0;
        try {
            gateway.start();
            String base = "http://127.0.0.1:" + port + "/mig/v0.1/";
            expect(200, post(base + "hello", "{}"));
            expect(200, post(base + "discover", "{}"));
            expect(200, post(base + "invoke/observatory.models.infer", INVOKE));
            expect(400, post(base + "invoke/observatory.models.infer", "{\"header\":"));
        } catch (Exception e) {
            // a failed training leaves an archive of whatever was loaded; the build goes on and says so
            System.err.println("migd class data training: " + e);
            code = 1;
        } finally {
            gateway.stop();
        }
        // non-daemon Vert.x threads may linger; the archive is written as the JVM exits
        System.exit(code);
    }

    private static void expect(int status, int actual) throws IOException {
        if (status != actual) {
            throw new IOException("expected HTTP " + status + ", got " + actual);
        }
    }

    private static int post(String url, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("X-Tenant-ID", "training");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
