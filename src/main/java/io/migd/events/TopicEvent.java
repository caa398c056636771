package io.migd.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One published event (mig-spec §5.6 EventMessage). Immutable once published; its JSON is rendered once per
 * replay flag and shared by every subscriber, so fan-out costs no serialisation per subscriber.
 */
public final class TopicEvent {

    private final String tenant;
    private final String topic;
    private final String eventId;
    private final long sequence;
    private final ObjectNode header;
    private final ObjectNode payload;
    private final String publishedAt;
    private final long publishedNanos;
    private volatile byte[] liveJson;
    private volatile byte[] replayJson;
    private volatile ConcurrentHashMap<Object, Object> renderings;

    TopicEvent(String tenant, String topic, String eventId, long sequence, ObjectNode header, ObjectNode payload,
               String publishedAt) {
        this(tenant, topic, eventId, sequence, header, payload, publishedAt, System.nanoTime());
    }

    TopicEvent(String tenant, String topic, String eventId, long sequence, ObjectNode header, ObjectNode payload,
               String publishedAt, long publishedNanos) {
        this.tenant = tenant;
        this.topic = topic;
        this.eventId = eventId;
        this.sequence = sequence;
        this.header = header;
        this.payload = payload;
        this.publishedAt = publishedAt;
        this.publishedNanos = publishedNanos;
    }

    /** The EventMessage JSON, {@code replay} true for retained events sent because of a cursor. */
    public byte[] json(boolean replay) {
        byte[] cached = replay ? replayJson : liveJson;
        if (cached == null) {
            ObjectNode out = Json.object();
            out.set("header", header);
            out.put("topic", topic);
            out.put("event_id", eventId);
            out.put("sequence", sequence);
            out.set("payload", payload);
            out.put("published_at", publishedAt);
            out.put("replay", replay);
            cached = Json.write(out);
            if (replay) {
                replayJson = cached;
            } else {
                liveJson = cached;
            }
        }
        return cached;
    }

    /**
     * A binding's wire form of this event (an SSE frame, say), made by {@code render} on first use and then shared
     * by every subscriber and every later caller with the same {@code key}; it lives as long as the event (retained
     * events keep theirs for replays). {@code render} must be cheap to repeat: racing first callers may both run it.
     */
    @SuppressWarnings("unchecked")
    public <T> T rendering(Object key, Function<TopicEvent, T> render) {
        ConcurrentHashMap<Object, Object> map = renderings;
        if (map == null) {
            synchronized (this) {
                map = renderings;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    renderings = map;
                }
            }
        }
        Object cached = map.get(key);
        if (cached == null) {
            cached = render.apply(this);
            Object raced = map.putIfAbsent(key, cached);
            if (raced != null) {
                cached = raced;
            }
        }
        return (T) cached;
    }

    public String tenant() {
        return tenant;
    }

    public String topic() {
        return topic;
    }

    public String eventId() {
        return eventId;
    }

    public long sequence() {
        return sequence;
    }

    public ObjectNode header() {
        return header;
    }

    public ObjectNode payload() {
        return payload;
    }

    public String publishedAt() {
        return publishedAt;
    }

    long publishedNanos() {
        return publishedNanos;
    }
}
