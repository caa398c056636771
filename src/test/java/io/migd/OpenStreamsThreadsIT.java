package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.ChildGateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "No thread held per open stream" (issue #9): a gateway process holding hundreds of live SSE subscriptions and
 * WebSocket connections runs on the same threads as one holding a few. Counted by the operating system
 * ({@code /proc/<pid>/status}), in {@code java -jar target/migd.jar} as operators run it.
 */
class OpenStreamsThreadsIT {

    private static final int SUBSCRIPTIONS = 300;
    private static final int WEBSOCKETS = 40;
    /** room for a pool thread started late by something else (a timer, a JIT-triggered service), not per stream */
    private static final int SLACK = 4;
    private static final String TOPIC = "tests.threads";

    @Test
    void hundredsOfOpenStreamsAddNoThreads(@TempDir Path dir) throws Exception {
        try (ChildGateway migd = ChildGateway.start(dir, Map.of(), Duration.ofSeconds(60))) {
            List<Socket> subscriptions = new ArrayList<>();
            List<WsClient> sockets = new ArrayList<>();
            try {
                // a few of each first, so that whatever starts lazily with the first stream is already counted
                for (int i = 0; i < 3; i++) {
                    subscriptions.add(subscribe(migd.base()));
                    sockets.add(liveWebSocket(migd.base(), "warm-" + i));
                }
                publishAndAwaitEverywhere(migd, subscriptions);
                int before = threads(migd.pid());

                for (int i = subscriptions.size(); i < SUBSCRIPTIONS; i++) {
                    subscriptions.add(subscribe(migd.base()));
                }
                for (int i = sockets.size(); i < WEBSOCKETS; i++) {
                    sockets.add(liveWebSocket(migd.base(), "ws-" + i));
                }
                // every subscription is a live stream: each one gets the next event
                publishAndAwaitEverywhere(migd, subscriptions);
                int during = threads(migd.pid());

                assertTrue(during - before <= SLACK, "threads with " + subscriptions.size() + " SSE subscriptions and "
                        + sockets.size() + " WebSockets open: " + during + ", with 3 of each: " + before);
            } finally {
                for (Socket socket : subscriptions) {
                    socket.close();
                }
                sockets.forEach(WsClient::close);
            }
        }
    }

    /** A WebSocket that has carried a request and its answer, and stays open. */
    private static WsClient liveWebSocket(URI base, String streamId) throws Exception {
        WsClient ws = WsClient.connect(base);
        ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"" + streamId
                + "\",\"capability\":\"observatory.models.infer\",\"payload\":{\"input\":\"hello\"}}");
        List<JsonNode> frames = ws.until(frame -> frame.path("end_stream").asBoolean(false)
                || "error".equals(frame.path("kind").asText()), 10_000);
        assertEquals("response", frames.get(frames.size() - 1).path("kind").asText(), frames.toString());
        return ws;
    }

    /** GET /mig/v0.1/subscribe/{topic} on a plain socket, read up to the stream's first bytes, left open. */
    private static Socket subscribe(URI base) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /mig/v0.1/subscribe/" + TOPIC + " HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nX-Tenant-ID: acme\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = readUntil(socket.getInputStream(), "\r\n\r\n");
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        return socket;
    }

    private static void publishAndAwaitEverywhere(ChildGateway migd, List<Socket> subscriptions) throws IOException {
        String marker = "event-" + System.nanoTime();
        Reply published = migd.client().post("/mig/v0.1/publish/" + TOPIC,
                "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{\"marker\":\"" + marker + "\"}}",
                "X-Tenant-ID", "acme");
        assertEquals(200, published.status(), published.rawBody());
        for (Socket socket : subscriptions) {
            readUntil(socket.getInputStream(), marker);
        }
    }

    private static String readUntil(InputStream in, String text) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).contains(text)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended before '" + text + "': " + seen.toString(StandardCharsets.UTF_8));
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        throw new IOException("no Threads: line for process " + pid);
    }
}
