package io.migd.binding.http.sse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.binding.http.SseFormat;
import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.stream.FrameSink;
import io.migd.stream.StreamFrames;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * The frames of one streaming HTTP invoke as Server-Sent Events ({@code event: <kind>}, {@code data: <StreamFrame>}).
 * Frames wait (bounded) until the response has started and while the client does not read; the response ends after
 * the terminal frame.
 */
final class SseFrameSink implements FrameSink {

    private final Context context;
    private final int maxQueuedFrames;
    private final ArrayDeque<ObjectNode> queue = new ArrayDeque<>();
    private HttpServerResponse response;
    private boolean flushScheduled;
    private boolean closed;
    private long nextId = 1;

    SseFrameSink(Context context, int maxQueuedFrames) {
        this.context = context;
        this.maxQueuedFrames = maxQueuedFrames;
    }

    /** Called on the response's event loop once the route accepted the request. */
    void start(HttpServerResponse response) {
        synchronized (this) {
            this.response = response;
        }
        response.drainHandler(v -> flush());
        flush();
    }

    @Override
    public void send(ObjectNode frame) {
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= maxQueuedFrames) {
                queue.clear();
                queue.add(StreamFrames.error(null, frame.path("stream_id").asText(null), null,
                        new MigException(MigErrorCode.MIG_BACKPRESSURE, "the client is not reading its frames",
                                Map.of("buffer_frames", maxQueuedFrames))));
                closed = true;
            } else {
                queue.add(frame);
            }
            schedule = response != null && !flushScheduled;
            flushScheduled |= schedule;
        }
        if (schedule) {
            context.runOnContext(v -> flush());
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed || !queue.isEmpty();
    }

    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void flush() {
        while (true) {
            ObjectNode frame;
            synchronized (this) {
                flushScheduled = false;
                if (response == null || response.ended() || response.closed() || response.writeQueueFull()
                        || queue.isEmpty()) {
                    return;
                }
                frame = queue.poll();
            }
            response.write(Buffer.buffer(SseFormat.frame(nextId++, frame.path("kind").asText(), Json.write(frame))));
            if (frame.path("end_stream").asBoolean(false)) {
                synchronized (this) {
                    closed = true;
                    queue.clear();
                }
                response.end();
                return;
            }
        }
    }
}
