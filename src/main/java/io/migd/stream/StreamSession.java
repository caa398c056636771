package io.migd.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One streaming connection's state, binding-neutral: where its frames go, and which of its streams are in flight
 * (stream id → message id) so a control frame can cancel a stream by its id and a closing connection can cancel all.
 */
public final class StreamSession {

    private final FrameSink sink;
    private final Map<String, String> activeStreams = new ConcurrentHashMap<>();
    private Runnable onIdle;

    public StreamSession(FrameSink sink) {
        this.sink = sink;
    }

    public FrameSink sink() {
        return sink;
    }

    /** @return false when a stream with that id is already in flight on this connection */
    public boolean open(String streamId, String messageId) {
        return activeStreams.putIfAbsent(streamId, messageId) == null;
    }

    /** How many streams are in flight on this connection. */
    public int activeCount() {
        return activeStreams.size();
    }

    public void close(String streamId) {
        activeStreams.remove(streamId);
        Runnable idle;
        synchronized (this) {
            idle = activeStreams.isEmpty() ? onIdle : null;
            if (idle != null) {
                onIdle = null;
            }
        }
        if (idle != null) {
            idle.run();
        }
    }

    /** Runs {@code action} once no stream is in flight: now, or when the last one ends. */
    public void whenIdle(Runnable action) {
        boolean now;
        synchronized (this) {
            now = activeStreams.isEmpty();
            if (!now) {
                onIdle = action;
            }
        }
        if (now) {
            action.run();
        }
    }

    public String messageIdOf(String streamId) {
        return activeStreams.get(streamId);
    }

    /** The connection is gone: every stream it still runs is cancelled (for the tenant the streams belong to). */
    public void cancelAll(io.migd.invoke.InFlightRegistry inFlight, String tenant, String reason) {
        activeStreams().forEach((streamId, messageId) -> inFlight.cancel(tenant, messageId, reason));
    }

    public Map<String, String> activeStreams() {
        return Map.copyOf(activeStreams);
    }
}
