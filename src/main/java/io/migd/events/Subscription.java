package io.migd.events;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's view of a (tenant, topic): the replayed events, then live ones, in sequence order, through a
 * bounded buffer. The transport pulls with {@link #poll()} when it can write, and is told through the listener when
 * there is something to pull, or that the subscription ended (overflow, close).
 */
public final class Subscription {

    /** Told when events are waiting or the subscription failed; called from the publisher's thread. */
    public interface Listener {
        void onReady();
    }

    /** An item the transport writes: an event (with its replay flag) or, first, a gap notice. */
    public record Item(TopicEvent event, boolean replay, Gap gap) {
    }

    /** Events between the cursor and the oldest retained one are gone. */
    public record Gap(long requestedCursor, long firstAvailableSequence) {
        public long missed() {
            return Math.max(0, firstAvailableSequence - requestedCursor - 1);
        }
    }

    private final String tenant;
    private final String topic;
    private final int capacity;
    private final OverflowPolicy policy;
    private final AtomicLong dropCounter;
    private final ArrayDeque<Item> pending = new ArrayDeque<>();
    private Runnable onClose = () -> { };
    private Listener listener = () -> { };
    private MigException failure;
    private boolean closed;
    private long lastQueuedSequence;
    /** room for the replay on top of the live buffer, so a long replay is not mistaken for a slow reader */
    private int replayAllowance;

    Subscription(String tenant, String topic, int capacity, OverflowPolicy policy, AtomicLong dropCounter) {
        this.tenant = tenant;
        this.topic = topic;
        this.capacity = capacity;
        this.policy = policy;
        this.dropCounter = dropCounter;
    }

    /** Sets who is told about new items; if items are already waiting, tells it at once. */
    public void listen(Listener listener) {
        boolean ready;
        synchronized (this) {
            this.listener = listener;
            ready = !pending.isEmpty() || failure != null;
        }
        if (ready) {
            listener.onReady();
        }
    }

    /** The next item to write, or null when none is waiting. */
    public synchronized Item poll() {
        return pending.poll();
    }

    /** Set when the subscription was ended by the gateway (overflow): the transport reports it and closes. */
    public synchronized MigException failure() {
        return failure;
    }

    public synchronized int buffered() {
        return pending.size();
    }

    public String tenant() {
        return tenant;
    }

    public String topic() {
        return topic;
    }

    /** Ends the subscription (client gone, transport closed); idempotent. */
    public void close() {
        Runnable detach;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.clear();
            detach = onClose;
        }
        detach.run();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    void onClose(Runnable detach) {
        this.onClose = detach;
    }

    /** Called under the topic's lock when subscribing: the gap notice and the replay, before any live event. */
    synchronized void preload(Gap gap, List<TopicEvent> replay) {
        if (gap != null) {
            pending.add(new Item(null, false, gap));
        }
        replayAllowance = replay.size();
        for (TopicEvent event : replay) {
            pending.add(new Item(event, true, null));
            lastQueuedSequence = event.sequence();
        }
    }

    /** Called under the topic's lock for each live event; never blocks. */
    void offer(TopicEvent event) {
        Listener notify = null;
        synchronized (this) {
            if (closed || failure != null || event.sequence() <= lastQueuedSequence) {
                return;
            }
            if (pending.size() >= capacity + replayAllowance) {
                if (policy == OverflowPolicy.DROP_OLDEST) {
                    pending.poll();
                    dropCounter.incrementAndGet();
                } else {
                    pending.clear();
                    failure = new MigException(MigErrorCode.MIG_BACKPRESSURE,
                            "subscriber fell " + capacity + " events behind on " + topic + "; disconnected",
                            Map.of("topic", topic, "buffer_events", capacity, "last_sequence", lastQueuedSequence));
                    lastQueuedSequence = event.sequence();
                    notify = listener;
                }
            }
            if (failure == null) {
                pending.add(new Item(event, false, null));
                lastQueuedSequence = event.sequence();
                notify = pending.size() == 1 ? listener : null;
            }
        }
        if (notify != null) {
            notify.onReady();
        }
    }
}
