package io.migd.binding.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.stream.FrameSink;
import io.migd.stream.StreamFrames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Frames to one WebSocket, written on its event loop only while the socket keeps up: at once when sent from there,
 * else by a task scheduled on it. Frames wait in a bounded queue; when a client stops reading and the queue overflows,
 * it gets a MIG_BACKPRESSURE error frame and the socket closes.
 */
final class WsFrameSink implements FrameSink {

    /** WebSocket close code 1013: try again later. */
    private static final short TRY_AGAIN_LATER = 1013;

    private final ServerWebSocket socket;
    private final Context context;
    private final int maxQueuedFrames;
    private final Counter overflows;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean flushScheduled;
    private boolean closed;
    private volatile Runnable onCutOff = () -> { };

    WsFrameSink(ServerWebSocket socket, Context context, int maxQueuedFrames, Counter overflows) {
        this.socket = socket;
        this.context = context;
        this.maxQueuedFrames = maxQueuedFrames;
        this.overflows = overflows;
        socket.drainHandler(v -> flush());
    }

    @Override
    public void send(ObjectNode frame) {
        String text = Json.writeString(frame);
        boolean schedule;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= maxQueuedFrames) {
                closed = true;
                queue.clear();
                overflows.increment();
                context.runOnContext(v -> overflow());
                return;
            }
            queue.add(text);
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (onSocketLoop()) {
            // a frame answered on the socket's own event loop goes out now, behind whatever is queued
            flush();
        } else if (schedule) {
            context.runOnContext(v -> flush());
        }
    }

    private boolean onSocketLoop() {
        return Context.isOnEventLoopThread() && Vertx.currentContext() == context;
    }

    /** What the binding does the moment the gateway cuts a slow reader off (the TCP close may take a while). */
    void onCutOff(Runnable action) {
        this.onCutOff = action;
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private void flush() {
        while (true) {
            String next;
            synchronized (this) {
                if (socket.writeQueueFull() || queue.isEmpty()) {
                    flushScheduled = false;
                    return;
                }
                next = queue.poll();
            }
            socket.writeTextMessage(next);
        }
    }

    private void overflow() {
        MigException error = new MigException(MigErrorCode.MIG_BACKPRESSURE,
                "the client is not reading its frames; more than " + maxQueuedFrames + " are waiting",
                Map.of("buffer_frames", maxQueuedFrames));
        socket.writeTextMessage(Json.writeString(StreamFrames.error(null, null, null, error)));
        socket.close(TRY_AGAIN_LATER, "backpressure");
        // a client that does not read will not answer the close handshake either: it is gone for the gateway now
        onCutOff.run();
    }
}
