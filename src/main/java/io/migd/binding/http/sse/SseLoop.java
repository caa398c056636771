package io.migd.binding.http.sse;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * The SSE subscription streams of one event loop. When an event is published every subscriber's stream becomes
 * ready, and the ready streams of a loop are then written by one task on that loop, not by one task per stream; one
 * periodic timer per loop (not one per stream) sends the keepalive comments of the streams that have been silent.
 * Everything but {@link #ready} runs on the loop's thread.
 */
final class SseLoop {

    private final Vertx vertx;
    private final Context context;
    private final long keepaliveMillis;
    private final long tickMillis;

    private final Object lock = new Object();
    private ArrayList<SseStream> ready = new ArrayList<>();
    private ArrayList<SseStream> draining = new ArrayList<>();
    private boolean drainScheduled;

    // on the loop's thread only
    private SseStream[] streams = new SseStream[16];
    private int count;
    private long keepaliveTimer = -1;

    SseLoop(Vertx vertx, Context context, long keepaliveMillis) {
        this.vertx = vertx;
        this.context = context;
        this.keepaliveMillis = keepaliveMillis;
        this.tickMillis = Math.max(1, keepaliveMillis / 4);
    }

    /** Any thread: the stream has something to write; one drain task per loop is scheduled, not one per stream. */
    void ready(SseStream stream) {
        boolean schedule;
        synchronized (lock) {
            if (stream.queued) {
                return;
            }
            stream.queued = true;
            ready.add(stream);
            schedule = !drainScheduled;
            drainScheduled = true;
        }
        if (schedule) {
            context.runOnContext(v -> drainReady());
        }
    }

    private void drainReady() {
        ArrayList<SseStream> batch;
        synchronized (lock) {
            batch = ready;
            ready = draining;
            draining = batch;
            drainScheduled = false;
            for (int i = 0, n = batch.size(); i < n; i++) {
                batch.get(i).queued = false;
            }
        }
        try {
            for (int i = 0, n = batch.size(); i < n; i++) {
                batch.get(i).drain();
            }
        } finally {
            batch.clear();
        }
    }

    /** On the loop: the stream is open; the keepalive timer runs while the loop has streams. */
    void add(SseStream stream) {
        if (count == streams.length) {
            streams = Arrays.copyOf(streams, count * 2);
        }
        stream.slot = count;
        streams[count++] = stream;
        if (keepaliveMillis > 0 && keepaliveTimer < 0) {
            keepaliveTimer = vertx.setPeriodic(tickMillis, id -> keepalive());
        }
    }

    /** On the loop: the stream ended. */
    void remove(SseStream stream) {
        int slot = stream.slot;
        if (slot < 0 || slot >= count || streams[slot] != stream) {
            return;
        }
        SseStream last = streams[--count];
        streams[slot] = last;
        last.slot = slot;
        streams[count] = null;
        stream.slot = -1;
        if (count == 0 && keepaliveTimer >= 0) {
            vertx.cancelTimer(keepaliveTimer);
            keepaliveTimer = -1;
        }
        if (streams.length > 64 && count < streams.length / 4) {
            streams = Arrays.copyOf(streams, streams.length / 2);
        }
    }

    /** A comment to every stream silent for most of the keepalive interval, so none stays silent longer. */
    private void keepalive() {
        long now = System.nanoTime();
        long silentNanos = (keepaliveMillis - tickMillis) * 1_000_000L;
        for (int i = count - 1; i >= 0; i--) {
            if (i < count) {
                streams[i].keepaliveIfSilent(now, silentNanos);
            }
        }
    }
}
