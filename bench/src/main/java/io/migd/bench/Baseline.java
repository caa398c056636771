package io.migd.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.impl.ConnectionBase;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline: a raw Vert.x HTTP server (no Camel, no pipeline) that answers the same envelopes migd answers for
 * the benchmarked calls. It parses each JSON body and builds the same response shape, so the difference to migd is
 * what migd's pipeline costs (routing, tenant, scopes, schema validation, idempotency, deadlines, audit, metrics).
 *
 * <ul>
 *   <li>{@code POST /mig/v0.1/hello} → a HELLO answer</li>
 *   <li>{@code POST /mig/v0.1/invoke/observatory.models.infer} → {@code {"result": "inferred: <input>"}}</li>
 *   <li>{@code POST /mig/v0.1/publish/<topic>} → publishes to the topic's SSE subscribers, acks the sequence</li>
 *   <li>{@code GET /mig/v0.1/subscribe/<topic>} → {@code text/event-stream} with {@code id/event/data} frames: each
 *   event's frame is encoded once as an HTTP chunk in direct memory and written to every subscriber straight below
 *   Vert.x's HTTP encoder, by one task per event loop (as migd does; the efficient way to fan out with Vert.x)</li>
 *   <li>WebSocket {@code /mig/v0.1/stream}: a {@code kind=request} frame for the demo capability → one
 *       {@code kind=response} frame with {@code end_stream: true} (mig-spec §6, a unary request)</li>
 * </ul>
 *
 * Usage: {@code java -cp migd-bench.jar io.migd.bench.Baseline PORT}. One server instance per available core.
 */
public final class Baseline extends AbstractVerticle {

    static final String CAPABILITY = "observatory.models.infer";
    private static final String INVOKE = "/mig/v0.1/invoke/";
    private static final String PUBLISH = "/mig/v0.1/publish/";
    private static final String SUBSCRIBE = "/mig/v0.1/subscribe/";
    private static final String STREAM = "/mig/v0.1/stream";
    static final String RESULT_SCHEMA = "schema://observatory/models/infer-output/v1";

    /** handlers that may follow Vert.x's HTTP encoder for chunks to be written below it */
    private static final Set<String> PASS_THROUGH = Set.of("handler", "webSocketExtensionHandler");

    /** Shared by all server instances: per topic, its sequence and its subscribers grouped by event loop. */
    private static final Map<String, Topic> TOPICS = new ConcurrentHashMap<>();

    private final int port;

    private Baseline(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
        vertx.deployVerticle(() -> new Baseline(port), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> System.out.println("baseline listening on http://127.0.0.1:" + port
                        + " instances=" + instances))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(this::handle)
                .webSocketHandler(this::webSocket)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void handle(HttpServerRequest req) {
        String path = req.path();
        if (req.method() == HttpMethod.GET && path.startsWith(SUBSCRIBE)) {
            subscribe(req, path.substring(SUBSCRIBE.length()));
            return;
        }
        if (req.method() != HttpMethod.POST) {
            req.response().setStatusCode(405).end();
            return;
        }
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                req.response().setStatusCode(400).end();
                return;
            }
            JsonObject body;
            try {
                body = ar.result().toJsonObject();
            } catch (RuntimeException e) {
                json(req.response().setStatusCode(400), new JsonObject().put("error", "malformed JSON"));
                return;
            }
            try {
                if (path.startsWith(INVOKE)) {
                    invoke(req, path.substring(INVOKE.length()), body);
                } else if (path.equals("/mig/v0.1/hello")) {
                    hello(req, body);
                } else if (path.startsWith(PUBLISH)) {
                    publish(req, path.substring(PUBLISH.length()), body);
                } else {
                    req.response().setStatusCode(404).end();
                }
            } catch (RuntimeException e) {
                // a request the baseline failed on is answered (and its cause logged), not left without an answer
                e.printStackTrace();
                if (!req.response().ended()) {
                    json(req.response().setStatusCode(500), new JsonObject().put("error", String.valueOf(e)));
                }
            }
        });
    }

    /** The response header: the request's ids echoed, generated when missing (as migd does). */
    static JsonObject responseHeader(HttpServerRequest req, JsonObject body) {
        return responseHeader(body, req.getHeader("X-Tenant-ID"));
    }

    /**
     * The response header of a request envelope: its ids echoed, generated when missing; the tenant is
     * {@code header.tenant_id}, else {@code tenant} (the binding's own tenant: X-Tenant-ID, the NATS subject token).
     */
    static JsonObject responseHeader(JsonObject body, String tenant) {
        JsonObject in = body.getJsonObject("header");
        JsonObject out = new JsonObject().put("mig_version", "0.1");
        String messageId = in == null ? null : in.getString("message_id");
        out.put("message_id", messageId != null ? messageId : UUID.randomUUID().toString());
        out.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        String named = in == null ? null : in.getString("tenant_id");
        out.put("tenant_id", named != null ? named : tenant);
        if (in != null) {
            for (String key : List.of("session_id", "traceparent")) {
                if (in.getString(key) != null) {
                    out.put(key, in.getString(key));
                }
            }
        }
        return out;
    }

    private void hello(HttpServerRequest req, JsonObject body) {
        json(req.response(), new JsonObject()
                .put("header", responseHeader(req, body))
                .put("selected_version", "0.1")
                .put("selected_binding", "http")
                .put("enabled_features", List.of())
                .put("server_id", "baseline"));
    }

    private void invoke(HttpServerRequest req, String capability, JsonObject body) {
        if (!CAPABILITY.equals(capability)) {
            json(req.response().setStatusCode(404), new JsonObject().put("error", "unknown capability"));
            return;
        }
        JsonObject result = inferResult(body);
        if (result == null) {
            json(req.response().setStatusCode(400), new JsonObject().put("error", "payload.input is required"));
            return;
        }
        json(req.response(), new JsonObject()
                .put("header", responseHeader(req, body))
                .put("capability", CAPABILITY)
                .put("payload", result)
                .put("result_schema_uri", RESULT_SCHEMA));
    }

    /** What the demo capability computes: {@code {"result": "inferred: <input>"}}, or null without an input. */
    static JsonObject inferResult(JsonObject body) {
        Object payload = body.getValue("payload");
        Object input = payload instanceof JsonObject p ? p.getValue("input") : null;
        return input instanceof String s ? new JsonObject().put("result", "inferred: " + s) : null;
    }

    /** The MIG WebSocket stream: each text frame is a StreamFrame; a unary request gets one final response. */
    private void webSocket(ServerWebSocket ws) {
        if (!STREAM.equals(ws.path())) {
            ws.reject(404);
            return;
        }
        String tenant = ws.headers().get("X-Tenant-ID");
        ws.textMessageHandler(text -> ws.writeTextMessage(streamAnswer(text, tenant)));
    }

    /** The answer to one StreamFrame: a final {@code response} frame, or an {@code error} frame. */
    static String streamAnswer(String text, String tenant) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            return streamError(new JsonObject(), tenant, null, "MIG_INVALID_REQUEST", "malformed JSON");
        }
        if (!"request".equals(frame.getValue("kind"))) {
            return streamError(frame, tenant, null, "MIG_INVALID_REQUEST", "kind must be request");
        }
        Object capability = frame.getValue("capability");
        if (!CAPABILITY.equals(capability)) {
            return streamError(frame, tenant, capability, "MIG_UNSUPPORTED_CAPABILITY", "unknown capability");
        }
        JsonObject result = inferResult(frame);
        if (result == null) {
            return streamError(frame, tenant, CAPABILITY, "MIG_INVALID_REQUEST", "payload.input is required");
        }
        JsonObject header = responseHeader(frame, tenant);
        return new JsonObject()
                .put("header", header)
                .put("stream_id", streamId(frame, header))
                .put("capability", CAPABILITY)
                .put("kind", "response")
                .put("payload", result)
                .put("end_stream", true)
                .encode();
    }

    private static String streamError(JsonObject frame, String tenant, Object capability, String code,
                                      String message) {
        JsonObject header = responseHeader(frame, tenant);
        JsonObject error = new JsonObject().put("header", header).put("stream_id", streamId(frame, header));
        if (capability instanceof String c) {
            error.put("capability", c);
        }
        return error.put("kind", "error").put("end_stream", true)
                .put("error", new JsonObject().put("code", code).put("message", message).put("retryable", false))
                .encode();
    }

    /** {@code stream_id}, else {@code "stream-" + message_id} (mig-spec §6). */
    private static String streamId(JsonObject frame, JsonObject header) {
        Object id = frame.getValue("stream_id");
        return id instanceof String s ? s : "stream-" + header.getString("message_id");
    }

    private void publish(HttpServerRequest req, String topicName, JsonObject body) {
        JsonObject header = responseHeader(req, body);
        Topic topic = TOPICS.computeIfAbsent(topicName, Topic::new);
        String eventId = UUID.randomUUID().toString();
        long sequence;
        ByteBuf chunk;
        synchronized (topic) {
            sequence = ++topic.sequence;
            JsonObject event = new JsonObject()
                    .put("header", header)
                    .put("topic", topicName)
                    .put("event_id", eventId)
                    .put("sequence", sequence)
                    .put("payload", body.getJsonObject("payload"))
                    .put("published_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                    .put("replay", false);
            Buffer frame = Buffer.buffer(64 + 512)
                    .appendString("id: ").appendString(Long.toString(sequence))
                    .appendString("\nevent: mig-event\ndata: ")
                    .appendBuffer(event.toBuffer())
                    .appendString("\n\n");
            chunk = chunk(frame.getBytes());
        }
        topic.deliver(chunk);
        json(req.response(), new JsonObject()
                .put("header", header)
                .put("topic", topicName)
                .put("event_id", eventId)
                .put("sequence", sequence)
                .put("accepted", true));
    }

    private void subscribe(HttpServerRequest req, String topicName) {
        HttpServerResponse response = req.response();
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
        Topic topic = TOPICS.computeIfAbsent(topicName, Topic::new);
        Context context = vertx.getOrCreateContext();
        Set<Subscriber> group = topic.byContext.computeIfAbsent(context, c -> ConcurrentHashMap.newKeySet());
        response.write(": subscribed to " + topicName + "\n\n");
        Subscriber subscriber = new Subscriber(response, belowEncoder(req));
        group.add(subscriber);
        response.closeHandler(v -> group.remove(subscriber));
    }

    /** An HTTP/1.1 chunk: size line, frame, CRLF; in direct memory, never released (each write takes a duplicate). */
    private static ByteBuf chunk(byte[] frame) {
        byte[] size = (Integer.toHexString(frame.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer direct = ByteBuffer.allocateDirect(size.length + frame.length + 2);
        direct.put(size).put(frame).put((byte) '\r').put((byte) '\n').flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
    }

    /**
     * The pipeline context just below Vert.x's HTTP encoder, when no outbound handler but Vert.x's own and the
     * WebSocket extension handler (upgrade heads only) follows it (no compression, idle timer, traffic shaping); null
     * otherwise (then frames go through the response).
     */
    private static ChannelHandlerContext belowEncoder(HttpServerRequest req) {
        if (req.version() != HttpVersion.HTTP_1_1 || !(req.connection() instanceof ConnectionBase base)) {
            return null;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.context("httpEncoder") == null) {
            return null;
        }
        boolean afterEncoder = false;
        for (Map.Entry<String, ChannelHandler> entry : pipeline) {
            if (afterEncoder && entry.getValue() instanceof ChannelOutboundHandler
                    && !PASS_THROUGH.contains(entry.getKey())) {
                return null;
            }
            afterEncoder |= entry.getKey().equals("httpEncoder");
        }
        return pipeline.context("httpEncoder");
    }

    /** A subscriber: its response, and where its ready chunks go (null: through the response). */
    private record Subscriber(HttpServerResponse response, ChannelHandlerContext raw) {
        void write(ByteBuf chunk, Buffer frame) {
            if (raw == null) {
                if (!response.writeQueueFull()) {
                    response.write(frame);
                }
            } else if (raw.channel().isWritable()) {
                raw.writeAndFlush(chunk.duplicate(), raw.voidPromise());
            }
        }
    }

    private static void json(HttpServerResponse response, JsonObject json) {
        response.putHeader("Content-Type", "application/json").end(json.toBuffer());
    }

    /** A topic: its sequence and its subscribers, grouped by the event loop their connection lives on. */
    private static final class Topic {
        final Map<Context, Set<Subscriber>> byContext = new ConcurrentHashMap<>();
        long sequence;

        Topic(String name) {
        }

        /** Writes the chunk to every subscriber on its own event loop, one task per loop; slow readers skip it. */
        void deliver(ByteBuf chunk) {
            int sizeLine = chunk.indexOf(0, chunk.readableBytes(), (byte) '\n') + 1;
            Buffer frame = Buffer.buffer(chunk.slice(sizeLine, chunk.readableBytes() - sizeLine - 2));
            byContext.forEach((context, group) -> context.runOnContext(v -> {
                for (Subscriber subscriber : group) {
                    subscriber.write(chunk, frame);
                }
            }));
        }
    }
}
