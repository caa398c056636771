package io.migd.binding.http.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.binding.http.SseFormat;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.events.Subscription;
import io.migd.events.TopicEvent;
import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one subscription as {@code text/event-stream} on its connection's event loop. It only writes while the
 * socket keeps up: when the client stops reading, events wait in the subscription's bounded buffer, and when that
 * overflows the client gets a {@code mig-error} event with MIG_BACKPRESSURE and the stream ends. No thread is held.
 *
 * <p>An event's frame is rendered once ({@link SharedFrame}) and the same bytes are written to every subscriber, as
 * a ready HTTP chunk where the connection allows it ({@link RawChunks}); the streams of one event loop are drained and
 * kept alive together by their {@link SseLoop}.
 */
final class SseStream {

    private static final long CLOSE_GRACE_MS = 2_000;
    private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.UTF_8);
    private static final SharedFrame KEEPALIVE = SharedFrame.of(": keepalive\n\n");
    /** rendering keys on {@link TopicEvent}: the {@code mig-event} frame, live and replayed */
    private static final Object LIVE_FRAME = new Object();
    private static final Object REPLAY_FRAME = new Object();

    private final Vertx vertx;
    private final SseLoop loop;
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final MigCall call;
    private final Subscription subscription;
    private final ConnectionRegistry connections;
    private ConnectionRegistry.Registration registration;
    /** where ready chunks go; null: through {@link HttpServerResponse#write} */
    private ChannelHandlerContext raw;
    private boolean stopped;
    private long lastWriteNanos;
    /** guarded by the loop's lock: waiting in its ready list */
    boolean queued;
    /** the loop's index of this stream, -1 when not on it */
    int slot = -1;

    SseStream(Vertx vertx, SseLoop loop, HttpServerRequest request, MigCall call, ConnectionRegistry connections) {
        this.vertx = vertx;
        this.loop = loop;
        this.request = request;
        this.response = request.response();
        this.call = call;
        this.subscription = call.subscription();
        this.connections = connections;
    }

    /** On the response's event loop. */
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
        lastWriteNanos = System.nanoTime();
        response.write(": subscribed to " + subscription.topic() + "\n\n");
        raw = RawChunks.below(request, response);
        loop.add(this);
        subscription.listen(() -> loop.ready(this));
    }

    /** On the loop: writes what the subscription holds while the socket keeps up. */
    void drain() {
        while (!stopped) {
            if (!writable()) {
                failIfOverflowed();
                return;
            }
            Subscription.Item item = subscription.poll();
            if (item == null) {
                // an overflow empties the buffer: it shows once the buffer is empty
                failIfOverflowed();
                return;
            }
            write(frame(item));
        }
    }

    private void failIfOverflowed() {
        MigException failure = subscription.failure();
        if (failure == null) {
            return;
        }
        // through the response, which ends it next
        response.write(Buffer.buffer("event: mig-error\ndata: ")
                .appendBytes(Json.write(MigErrors.envelope(call, failure))).appendBytes(FRAME_END));
        // disconnect: close once the error is out, and in any case soon (the client may never read it)
        response.end().onComplete(done -> response.close());
        vertx.setTimer(CLOSE_GRACE_MS, id -> response.close());
        stop();
    }

    private boolean writable() {
        return raw != null ? raw.channel().isWritable() : !response.writeQueueFull();
    }

    /** On the loop: a keepalive comment when nothing was written for {@code silentNanos}. */
    void keepaliveIfSilent(long now, long silentNanos) {
        if (!stopped && now - lastWriteNanos >= silentNanos && writable()) {
            write(KEEPALIVE);
        }
    }

    private void write(SharedFrame frame) {
        lastWriteNanos = System.nanoTime();
        if (raw == null) {
            response.write(frame.frame());
        } else if (raw.channel().isActive()) {
            raw.writeAndFlush(frame.chunk(), raw.voidPromise());
        }
    }

    private SharedFrame frame(Subscription.Item item) {
        if (item.gap() != null) {
            ObjectNode gap = Json.object();
            gap.put("topic", subscription.topic());
            gap.put("requested_cursor", item.gap().requestedCursor());
            gap.put("first_available_sequence", item.gap().firstAvailableSequence());
            gap.put("missed", item.gap().missed());
            return SharedFrame.of(Buffer.buffer("event: mig-gap\ndata: ").appendBytes(Json.write(gap))
                    .appendBytes(FRAME_END).getBytes());
        }
        return item.replay() ? item.event().rendering(REPLAY_FRAME, SseStream::replayFrame)
                : item.event().rendering(LIVE_FRAME, SseStream::liveFrame);
    }

    /** The {@code mig-event} frame, made once per event and shared by every subscriber. */
    private static SharedFrame liveFrame(TopicEvent event) {
        return SharedFrame.of(SseFormat.frame(event.sequence(), "mig-event", event.json(false)));
    }

    private static SharedFrame replayFrame(TopicEvent event) {
        return SharedFrame.of(SseFormat.frame(event.sequence(), "mig-event", event.json(true)));
    }

    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        loop.remove(this);
        subscription.close();
        if (registration != null) {
            registration.close();
        }
    }
}
