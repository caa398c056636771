package io.migd.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client (the JDK's) that collects the frames the gateway sends. */
public final class WsClient implements AutoCloseable {

    private final WebSocket socket;
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private final boolean reading;

    private WsClient(URI uri, boolean reading, String... headers) throws Exception {
        this.reading = reading;
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        StringBuilder partial = new StringBuilder();
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                if (reading) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(MigClient.JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        frames.add(MigClient.JSON.createObjectNode().put("unparseable", partial.toString()));
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    public static WsClient connect(Gateway gateway, String query, String... headers) throws Exception {
        return new WsClient(URI.create("ws://127.0.0.1:" + gateway.port() + "/mig/v0.1/stream"
                + (query == null ? "" : "?" + query)), true, headers);
    }

    /** A client of the gateway at {@code base} (e.g. a {@link ChildGateway}'s). */
    public static WsClient connect(URI base, String... headers) throws Exception {
        return new WsClient(URI.create("ws://" + base.getAuthority() + "/mig/v0.1/stream"), true, headers);
    }

    /** A client that never reads what the gateway sends (to exercise backpressure). */
    public static WsClient connectNotReading(Gateway gateway, String... headers) throws Exception {
        return new WsClient(URI.create("ws://127.0.0.1:" + gateway.port() + "/mig/v0.1/stream"), false, headers);
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    /** The next frame, or null after {@code timeoutMs}. */
    public JsonNode next(long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Frames until one matches {@code last} (included), within {@code timeoutMs}. */
    public List<JsonNode> until(Predicate<JsonNode> last, long timeoutMs) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                    TimeUnit.MILLISECONDS);
            if (frame == null) {
                break;
            }
            out.add(frame);
            if (last.test(frame)) {
                return out;
            }
        }
        throw new AssertionError("no matching frame within " + timeoutMs + " ms; got " + out);
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public WebSocket socket() {
        return socket;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
