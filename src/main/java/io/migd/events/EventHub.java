package io.migd.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The event log and subscription hub every binding uses (mig-spec §5.6). Per (tenant, topic): sequences from 1,
 * bounded retention (count and age), and the subscribers, all under one lock so that the replay→live seam has no
 * gap and no duplicate. Tenants never share a stream, even for the same topic name.
 */
public final class EventHub {

    private final int retainCount;
    private final long retainNanos;
    private final int maxStreams;
    private final int maxStreamsPerTenant;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> streamsPerTenant = new ConcurrentHashMap<>();
    private final int subscriberBuffer;
    private final OverflowPolicy overflowPolicy;
    private final Map<String, TopicStream> streams = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final List<Consumer<TopicEvent>> publishListeners = new CopyOnWriteArrayList<>();

    public EventHub(int retainCount, long retainMillis, int maxStreams, int maxStreamsPerTenant, int subscriberBuffer,
                    OverflowPolicy overflowPolicy) {
        this.retainCount = retainCount;
        this.retainNanos = retainMillis * 1_000_000L;
        this.maxStreams = maxStreams;
        this.maxStreamsPerTenant = maxStreamsPerTenant;
        this.subscriberBuffer = subscriberBuffer;
        this.overflowPolicy = overflowPolicy;
    }

    /**
     * Observers of every published event (mirroring to NATS, metrics); called after subscribers are offered it, in
     * sequence order per (tenant, topic), under that topic's lock — so a listener must not block.
     */
    public void onPublish(Consumer<TopicEvent> listener) {
        publishListeners.add(listener);
    }

    public TopicEvent publish(String tenant, String topic, ObjectNode header, ObjectNode payload) {
        TopicEvent event = null;
        while (event == null) {
            event = stream(tenant, topic).append(header, payload);
        }
        return event;
    }

    /**
     * Puts back an event published before a restart (from a durable store such as JetStream), with its original
     * sequence, id and time, without telling the publish listeners (it is stored already). A (tenant, topic) that
     * has had live events since this gateway started keeps its own numbering and takes no restored events.
     *
     * @return false when the event was not restored (the topic is live already, or the sequence is not newer)
     */
    public boolean restore(String tenant, String topic, String eventId, long sequence, ObjectNode header,
                           ObjectNode payload, java.time.Instant publishedAt) {
        long ageNanos = Math.max(0, java.time.Duration.between(publishedAt, java.time.Instant.now()).toNanos());
        if (ageNanos > retainNanos) {
            return false;
        }
        TopicEvent event = new TopicEvent(tenant, topic, eventId, sequence, header, payload,
                publishedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                System.nanoTime() - ageNanos);
        Boolean restored = null;
        while (restored == null) {
            restored = stream(tenant, topic).restore(event);
        }
        return restored;
    }

    /**
     * Subscribes from {@code cursor} (null: live only). Retained events with a greater sequence are replayed first;
     * when events after the cursor are already gone, the first item is a {@link Subscription.Gap}.
     */
    public Subscription subscribe(String tenant, String topic, Long cursor) {
        Subscription subscription = new Subscription(tenant, topic, subscriberBuffer, overflowPolicy, dropped);
        while (!stream(tenant, topic).attach(subscription, cursor)) {
            // the stream was just dropped as unused: take the new one
        }
        return subscription;
    }

    /** Events dropped from slow subscribers' buffers (drop-oldest policy). */
    public long droppedEvents() {
        return dropped.get();
    }

    public int subscriberCount() {
        return streams.values().stream().mapToInt(TopicStream::subscriberCount).sum();
    }

    public long lastSequence(String tenant, String topic) {
        TopicStream stream = streams.get(key(tenant, topic));
        return stream == null ? 0 : stream.lastSequence();
    }

    private TopicStream stream(String tenant, String topic) {
        String key = key(tenant, topic);
        TopicStream stream = streams.get(key);
        if (stream != null) {
            return stream;
        }
        if (streams.size() >= maxStreams) {
            throw new MigException(MigErrorCode.MIG_BACKPRESSURE, "the gateway holds its limit of " + maxStreams
                    + " event streams", Map.of("topic", topic));
        }
        return streams.computeIfAbsent(key, k -> {
            var count = streamsPerTenant.computeIfAbsent(tenant, t -> new java.util.concurrent.atomic.AtomicInteger());
            if (count.incrementAndGet() > maxStreamsPerTenant) {
                count.decrementAndGet();
                throw new MigException(MigErrorCode.MIG_RATE_LIMITED, "tenant " + tenant + " holds its limit of "
                        + maxStreamsPerTenant + " event streams", Map.of("topic", topic));
            }
            return new TopicStream(tenant, topic, k);
        });
    }

    /** A stream nobody ever published to and nobody listens to is forgotten, so subscribing costs nothing lasting. */
    private void dropIfUnused(TopicStream stream) {
        if (stream.markRemovedIfUnused()) {
            streams.remove(stream.key, stream);
            streamsPerTenant.get(stream.tenant).decrementAndGet();
        }
    }

    private static String key(String tenant, String topic) {
        return tenant + '\u0000' + topic;
    }

    /** One (tenant, topic): its retained events and subscribers. */
    private final class TopicStream {
        private final String tenant;
        private final String topic;
        private final String key;
        private final ArrayDeque<TopicEvent> retained = new ArrayDeque<>();
        private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
        private long sequence;
        private boolean removed;
        private boolean live;

        TopicStream(String tenant, String topic, String key) {
            this.tenant = tenant;
            this.topic = topic;
            this.key = key;
        }

        synchronized boolean markRemovedIfUnused() {
            if (!removed && sequence == 0 && subscribers.isEmpty()) {
                removed = true;
            }
            return removed;
        }

        /** @return null when this stream was dropped meanwhile (the caller takes the current one) */
        synchronized TopicEvent append(ObjectNode header, ObjectNode payload) {
            if (removed) {
                return null;
            }
            live = true;
            sequence++;
            TopicEvent event = new TopicEvent(tenant, topic, UUID.randomUUID().toString(), sequence, header, payload,
                    MigHeader.now());
            retained.addLast(event);
            trim();
            for (Subscription subscription : subscribers) {
                subscription.offer(event);
            }
            // under the topic's lock: listeners see one topic's events in sequence order (they must not block)
            for (Consumer<TopicEvent> listener : publishListeners) {
                listener.accept(event);
            }
            return event;
        }

        /** @return null when this stream was dropped meanwhile (the caller takes the current one) */
        synchronized Boolean restore(TopicEvent event) {
            if (removed) {
                return null;
            }
            if (live || event.sequence() <= sequence) {
                return false;
            }
            sequence = event.sequence();
            retained.addLast(event);
            trim();
            return true;
        }

        synchronized boolean attach(Subscription subscription, Long cursor) {
            if (removed) {
                return false;
            }
            trim();
            Subscription.Gap gap = null;
            List<TopicEvent> replay = new ArrayList<>();
            if (cursor != null) {
                long firstRetained = retained.isEmpty() ? sequence + 1 : retained.peekFirst().sequence();
                if (cursor < firstRetained - 1) {
                    gap = new Subscription.Gap(cursor, firstRetained);
                }
                for (TopicEvent event : retained) {
                    if (event.sequence() > cursor) {
                        replay.add(event);
                    }
                }
            }
            subscription.preload(gap, replay);
            subscribers.add(subscription);
            subscription.onClose(() -> {
                subscribers.remove(subscription);
                dropIfUnused(this);
            });
            return true;
        }

        synchronized long lastSequence() {
            return sequence;
        }

        int subscriberCount() {
            return subscribers.size();
        }

        private void trim() {
            long now = System.nanoTime();
            while (retained.size() > retainCount
                    || (!retained.isEmpty() && now - retained.peekFirst().publishedNanos() > retainNanos)) {
                retained.pollFirst();
            }
        }
    }
}
