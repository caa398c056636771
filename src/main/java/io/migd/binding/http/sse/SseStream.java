package io.migd.binding.http.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.events.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one subscription as {@code text/event-stream} on its connection's event loop. It only writes while the
 * socket keeps up: when the client stops reading, events wait in the subscription's bounded buffer, and when that
 * overflows the client gets a {@code mig-error} event with MIG_BACKPRESSURE and the stream ends. No thread is held.
 */
final class SseStream {

    private static final byte[] EVENT_PREFIX = "event: mig-event\ndata: ".getBytes(StandardCharsets.UTF_8);
    private static final long CLOSE_GRACE_MS = 2_000;
    private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final Context context;
    private final HttpServerResponse response;
    private final MigCall call;
    private final Subscription subscription;
    private final ConnectionRegistry connections;
    private final long keepaliveMillis;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private ConnectionRegistry.Registration registration;
    private long keepaliveTimer = -1;
    private boolean stopped;

    SseStream(Vertx vertx, HttpServerResponse response, MigCall call, ConnectionRegistry connections,
              long keepaliveMillis) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.response = response;
        this.call = call;
        this.subscription = call.subscription();
        this.connections = connections;
        this.keepaliveMillis = keepaliveMillis;
    }

    void start() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("topic", subscription.topic());
        String cursor = call.query("resume_cursor");
        meta.put("resume_cursor", cursor == null ? "" : cursor);
        registration = connections.open("http", "sse_subscribe", subscription.tenant(),
                call.principal() == null ? null : call.principal().subject(), call.remoteAddress(), meta);
        response.setStatusCode(200)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no")
                .setChunked(true);
        response.closeHandler(v -> stop());
        response.exceptionHandler(e -> stop());
        response.drainHandler(v -> drain());
        // the head goes out at once, so a client sees the stream open before the first event
        response.write(": subscribed to " + subscription.topic() + "\n\n");
        if (keepaliveMillis > 0) {
            keepaliveTimer = vertx.setPeriodic(keepaliveMillis, id -> {
                if (!stopped && !response.writeQueueFull()) {
                    response.write(": keepalive\n\n");
                }
            });
        }
        subscription.listen(this::scheduleDrain);
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        while (!stopped) {
            MigException failure = subscription.failure();
            if (failure != null) {
                response.write(Buffer.buffer("event: mig-error\ndata: ")
                        .appendBytes(Json.write(MigErrors.envelope(call, failure))).appendBytes(FRAME_END));
                // disconnect: close once the error is out, and in any case soon (the client may never read it)
                response.end().onComplete(done -> response.close());
                vertx.setTimer(CLOSE_GRACE_MS, id -> response.close());
                stop();
                return;
            }
            if (response.writeQueueFull()) {
                return;
            }
            Subscription.Item item = subscription.poll();
            if (item == null) {
                return;
            }
            response.write(frame(item));
        }
    }

    private Buffer frame(Subscription.Item item) {
        if (item.gap() != null) {
            ObjectNode gap = Json.object();
            gap.put("topic", subscription.topic());
            gap.put("requested_cursor", item.gap().requestedCursor());
            gap.put("first_available_sequence", item.gap().firstAvailableSequence());
            gap.put("missed", item.gap().missed());
            return Buffer.buffer("event: mig-gap\ndata: ").appendBytes(Json.write(gap)).appendBytes(FRAME_END);
        }
        return Buffer.buffer(64 + 512)
                .appendString("id: ").appendString(Long.toString(item.event().sequence())).appendString("\n")
                .appendBytes(EVENT_PREFIX)
                .appendBytes(item.event().json(item.replay()))
                .appendBytes(FRAME_END);
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (keepaliveTimer >= 0) {
            vertx.cancelTimer(keepaliveTimer);
        }
        subscription.close();
        if (registration != null) {
            registration.close();
        }
    }
}
