package io.migd.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.test.AvailablePortFinder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A real local HTTP upstream (Vert.x server on 127.0.0.1) that capabilities can be bound to. Each path has a
 * behaviour; the upstream counts calls, records request headers and bodies, and notices when a caller abandons a
 * request by closing the connection.
 */
public final class TestUpstream implements AutoCloseable {

    /** What a path does with a request: answer it (now or later) through the request's response. */
    public interface Behaviour extends BiConsumer<HttpServerRequest, Buffer> {
    }

    public record Seen(String path, Map<String, String> headers, String body) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final int port;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> abandoned = new ConcurrentHashMap<>();

    public TestUpstream() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String path = request.path();
            calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
            seen.add(new Seen(path, headers, body.toString()));
            CountDownLatch closed = abandoned.computeIfAbsent(path, p -> new CountDownLatch(1));
            request.connection().closeHandler(v -> {
                if (!request.response().ended()) {
                    closed.countDown();
                }
            });
            Behaviour behaviour = behaviours.get(path);
            if (behaviour == null) {
                request.response().setStatusCode(404).end();
            } else {
                behaviour.accept(request, body);
            }
        }));
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    public TestUpstream on(String path, Behaviour behaviour) {
        behaviours.put(path, behaviour);
        return this;
    }

    /** Answers {@code json} with {@code status}. */
    public TestUpstream json(String path, int status, String json) {
        return on(path, (req, body) -> req.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json").end(json));
    }

    /** Answers {@code json} after {@code delayMs}, unless the caller went away first. */
    public TestUpstream slow(String path, long delayMs, String json) {
        return on(path, (req, body) -> vertx.setTimer(delayMs, t -> {
            if (!req.response().closed()) {
                req.response().putHeader("Content-Type", "application/json").end(json);
            }
        }));
    }

    /** Echoes the request body back as {"echo": body}, answered after {@code delayMs}. */
    public TestUpstream echo(String path, long delayMs) {
        return on(path, (req, body) -> vertx.setTimer(Math.max(1, delayMs), t -> {
            if (!req.response().closed()) {
                req.response().putHeader("Content-Type", "application/json")
                        .end("{\"echo\":" + body + "}");
            }
        }));
    }

    /**
     * A streaming answer: one JSON line ({@code {"tick": n}}) every {@code periodMs}, {@code count} times, as ndjson or
     * as server-sent events; stops when the caller goes away.
     */
    public TestUpstream ticker(String path, long periodMs, int count, boolean eventStream) {
        return on(path, (req, body) -> {
            var response = req.response().setChunked(true)
                    .putHeader("Content-Type", eventStream ? "text/event-stream" : "application/x-ndjson");
            int[] n = {0};
            vertx.setPeriodic(periodMs, id -> {
                if (response.closed() || n[0] >= count) {
                    vertx.cancelTimer(id);
                    if (!response.closed()) {
                        response.end();
                    }
                    return;
                }
                String line = "{\"tick\":" + n[0]++ + "}";
                response.write(eventStream ? "event: tick\ndata: " + line + "\n\n" : line + "\n");
            });
        });
    }

    /** ndjson: {@code {"line":1}} at once, {@code {"line":2}} and the end only once {@code release} is open. */
    public TestUpstream gated(String path, CountDownLatch release) {
        return on(path, (req, body) -> {
            var response = req.response().setChunked(true).putHeader("Content-Type", "application/x-ndjson");
            response.write("{\"line\":1}\n");
            vertx.setPeriodic(20, id -> {
                if (release.getCount() == 0 || response.closed()) {
                    vertx.cancelTimer(id);
                    if (!response.closed()) {
                        response.end("{\"line\":2}\n");
                    }
                }
            });
        });
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int calls(String path) {
        AtomicInteger n = calls.get(path);
        return n == null ? 0 : n.get();
    }

    public List<Seen> seen() {
        return seen;
    }

    /** Waits until a request to {@code path} was abandoned by its caller (connection closed before the answer). */
    public boolean awaitAbandoned(String path, long timeoutMs) throws InterruptedException {
        return abandoned.computeIfAbsent(path, p -> new CountDownLatch(1)).await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
