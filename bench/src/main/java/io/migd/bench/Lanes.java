package io.migd.bench;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lanes {@link ClosedLoop} drives for the NATS and WebSocket scenarios: the same client code for migd and for
 * the baseline, and the same cheap check of every answer (the expected result text and no error), so that a
 * wrong answer is never counted as a fast one.
 */
final class Lanes {

    static final String CAPABILITY = "observatory.models.infer";
    /** what a correct answer of the demo capability to {@code {"input":"hello"}} contains */
    static final String RESULT = "\"result\":\"inferred: hello\"";
    private static final byte[] RESULT_BYTES = RESULT.getBytes(StandardCharsets.UTF_8);

    private Lanes() {
    }

    // ------------------------------------------------------------------------------------------------ NATS

    /**
     * {@code n} lanes of request/reply on one NATS connection (a NATS client multiplexes its requests over one
     * connection; replies come back on the connection's shared inbox). Each request has {@code timeout}.
     */
    static List<ClosedLoop.Lane> nats(Connection connection, String subject, byte[] body, int n, Duration timeout) {
        List<ClosedLoop.Lane> lanes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lanes.add(outcome -> connection.requestWithTimeout(subject, body, timeout).whenComplete((reply, error) -> {
                if (error != null) {
                    outcome.done("no reply: " + rootCause(error), false);
                } else {
                    String problem = natsProblem(reply);
                    outcome.done(problem, problem != null);
                }
            }));
        }
        return lanes;
    }

    /** What is wrong with a NATS reply to the benchmark's invoke, or null. */
    static String natsProblem(Message reply) {
        if (reply.isStatusMessage()) {
            return "NATS status " + reply.getStatus();
        }
        String code = reply.getHeaders() == null ? null : reply.getHeaders().getFirst("Mig-Error-Code");
        byte[] data = reply.getData();
        if (code != null || data == null || indexOf(data, RESULT_BYTES) < 0) {
            return (code == null ? "" : "Mig-Error-Code " + code + ": ")
                    + (data == null ? "(empty)" : new String(data, StandardCharsets.UTF_8));
        }
        return null;
    }

    /**
     * One request, retried until it is answered correctly: waits (bounded) for a responder to be subscribed, then
     * checks the answer. Throws with the answer when it is wrong.
     */
    static Message awaitNatsAnswer(Connection connection, String subject, byte[] body, long timeoutMillis,
                                   Proc server) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String last = "nothing sent";
        while (System.nanoTime() < deadline) {
            if (!server.alive()) {
                throw new IOException(server.name + " exited; see " + server.log);
            }
            try {
                Message reply = connection.requestWithTimeout(subject, body, Duration.ofSeconds(2))
                        .get(3, TimeUnit.SECONDS);
                String problem = natsProblem(reply);
                if (problem != null) {
                    throw new IOException(server.name + " answered " + subject + " wrongly: " + problem);
                }
                return reply;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                     | java.util.concurrent.CancellationException e) {
                last = rootCause(e);   // no responder yet (not subscribed), or no answer in time
                Thread.sleep(100);
            }
        }
        throw new IOException(server.name + " did not answer on NATS subject " + subject + " within " + timeoutMillis
                + " ms (" + last + "); see " + server.log);
    }

    // ------------------------------------------------------------------------------------------------ WebSocket

    /** A {@code kind=request} StreamFrame for a unary invoke of the demo capability. */
    static String wsRequest(String streamId) {
        return "{\"header\":{\"tenant_id\":\"bench\"},\"kind\":\"request\",\"stream_id\":\"" + streamId
                + "\",\"capability\":\"" + CAPABILITY + "\",\"stream_preference\":\"unary\",\"payload\":{\"input\":"
                + "\"hello\"}}";
    }

    /** WebSocket lanes: one socket each, one request outstanding; {@link #close()} closes the sockets. */
    static final class WebSockets implements AutoCloseable {
        final List<WsLane> lanes = new ArrayList<>();
        private final WebSocketClient client;

        private WebSockets(WebSocketClient client) {
            this.client = client;
        }

        /** Opens {@code n} sockets to {@code /mig/v0.1/stream} with {@code X-Tenant-ID: bench} (bounded wait). */
        static WebSockets open(Vertx vertx, int port, int n, String tag) throws Exception {
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setConnectTimeout(5_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
            WebSockets sockets = new WebSockets(client);
            List<Future<WebSocket>> connecting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                connecting.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/mig/v0.1/stream").addHeader("X-Tenant-ID", Bench.TENANT)));
            }
            try {
                for (int i = 0; i < n; i++) {
                    sockets.lanes.add(new WsLane(connecting.get(i).toCompletionStage().toCompletableFuture()
                            .get(10, TimeUnit.SECONDS), tag + i + "-"));
                }
            } catch (Exception e) {
                sockets.close();
                throw new IOException("could not open " + n + " WebSockets to port " + port + ": " + rootCause(e), e);
            }
            return sockets;
        }

        @Override
        public void close() throws InterruptedException {
            for (WsLane lane : lanes) {
                lane.ws.close();
            }
            try {
                client.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the sockets are closed; the client's pool is gone with the run
            }
        }
    }

    /** One socket: sends a request frame, takes the next text frame as its answer and checks it. */
    static final class WsLane implements ClosedLoop.Lane {
        final WebSocket ws;
        private final String prefix;
        private long sequence;
        private volatile ClosedLoop.Outcome pending;
        private volatile String pendingId;

        WsLane(WebSocket ws, String prefix) {
            this.ws = ws;
            this.prefix = prefix;
            ws.textMessageHandler(this::frame);
            ws.closeHandler(v -> fail("the socket was closed"));
            ws.exceptionHandler(e -> fail("socket error: " + e));
        }

        @Override
        public void call(ClosedLoop.Outcome outcome) {
            String id = prefix + (++sequence);
            pendingId = id;
            pending = outcome;
            ws.writeTextMessage(wsRequest(id));
        }

        private void frame(String text) {
            ClosedLoop.Outcome outcome = pending;
            pending = null;
            if (outcome == null) {
                return;   // not asked for (after the end of a run): ignored
            }
            String problem = text.contains(RESULT) && text.contains("\"kind\":\"response\"")
                    && text.contains("\"end_stream\":true") && text.contains("\"stream_id\":\"" + pendingId + "\"")
                    ? null : text;
            outcome.done(problem, problem != null);
        }

        private void fail(String why) {
            ClosedLoop.Outcome outcome = pending;
            pending = null;
            if (outcome != null) {
                outcome.done(why, false);
            }
        }

        /** One request and its full answer frame, for the check before a scenario (bounded). */
        String roundTrip(long timeoutMillis) throws Exception {
            java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
            ws.textMessageHandler(answer::complete);
            try {
                ws.writeTextMessage(wsRequest(prefix + "check"));
                return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } finally {
                ws.textMessageHandler(this::frame);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
