package io.migd.binding.nats;

import io.migd.events.TopicEvent;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Mirrors every published event, whichever binding published it, to {@code mig.v0_1.<tenant>.events.<topic>}, once
 * (an {@code EventHub.onPublish} listener: the hub calls it once per event). The message is the EventMessage JSON
 * that SSE subscribers get, with the MIG header fields as NATS headers, plus {@code Mig-Origin: <server-id>} (so the
 * binding never takes its own mirror back in as a new publish), {@code Mig-Sequence}, {@code Mig-Event-Id} and
 * {@code Nats-Msg-Id} (JetStream stores a re-sent mirror once). While NATS is away the client buffers mirrors and
 * sends them when it is back; before the first connection the mirror keeps up to 10 000 of them itself.
 */
public final class NatsEventMirror implements Consumer<TopicEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(NatsEventMirror.class);

    private final NatsConnector connector;
    private final String serverId;
    private final AtomicLong mirrored = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final java.util.ArrayDeque<TopicEvent> waiting = new java.util.ArrayDeque<>();
    private static final int MAX_WAITING = 10_000;

    public NatsEventMirror(NatsConnector connector, String serverId) {
        this.connector = connector;
        this.serverId = serverId;
    }

    @Override
    public void accept(TopicEvent event) {
        synchronized (this) {
            if (!connector.everConnected() || !waiting.isEmpty()) {
                // the client buffers only once it knows the server: until then, the mirror does
                if (waiting.size() < MAX_WAITING) {
                    waiting.addLast(event);
                } else {
                    failed.incrementAndGet();
                }
                return;
            }
        }
        publish(event);
    }

    /** Once connected for the first time: what was published before goes out, in order. */
    public void flush() {
        synchronized (this) {
            while (!waiting.isEmpty()) {
                publish(waiting.pollFirst());
            }
        }
    }

    private void publish(TopicEvent event) {
        Connection connection = connector.connection();
        if (connection == null) {
            failed.incrementAndGet();
            return;
        }
        Headers headers = NatsHeaders.mirror(event.header(), null);
        headers.put(NatsHeaders.ORIGIN, serverId);
        headers.put(NatsHeaders.SEQUENCE, Long.toString(event.sequence()));
        headers.put(NatsHeaders.EVENT_ID, event.eventId());
        headers.put(NatsHeaders.TOPIC, event.topic());
        headers.put(NatsHeaders.NATS_MSG_ID, event.eventId());
        try {
            connection.publish(NatsMessage.builder().subject(NatsSubjects.events(event.tenant(), event.topic()))
                    .headers(headers).data(event.json(false)).build());
            mirrored.incrementAndGet();
        } catch (RuntimeException e) {
            // the reconnect buffer is full: the event is delivered to the gateway's own subscribers all the same
            if (failed.getAndIncrement() % 1000 == 0) {
                LOG.warn("could not mirror events to NATS ({} so far): {}", failed.get(), e.toString());
            }
        }
    }

    public long mirroredCount() {
        return mirrored.get();
    }

    public long failedCount() {
        return failed.get();
    }
}
