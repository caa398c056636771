package io.migd.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.config.NatsSettings;
import io.migd.envelope.Json;
import io.migd.events.EventHub;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * JetStream mode ({@code MIGD_NATS_JETSTREAM=true}): events are stored, survive gateway restarts and are ingested
 * durably. On every (re)connect this
 * <ol>
 *   <li>creates or updates the events stream ({@code MIG_EVENTS} on {@code mig.v0_1.*.events.>}, file storage,
 *       limits = the gateway's replay window: {@code 2 × MIGD_EVENTS_RETAIN_COUNT} messages per subject, since a
 *       client publish and its mirror share the subject, and {@code MIGD_EVENTS_RETAIN_MS}; {@code no_ack}, so that a
 *       NATS request on an events subject gets exactly one answer: the gateway's PUBLISH ack) and the dead-letter
 *       stream ({@code MIG_DLQ} on {@code mig.v0_1.*.dlq.>});</li>
 *   <li>the first time: puts this gateway's stored events back into the event hub with their sequences, so
 *       {@code resume_cursor} values handed out before a restart keep working (the replay window is rebuilt from the
 *       stream);</li>
 *   <li>with the binding on: creates the durable push consumer ({@code migd-events-<server-id>}, explicit ack,
 *       bounded {@code max_ack_pending}, {@code max_deliver}) and starts the route that reads it.</li>
 * </ol>
 */
public final class JetStreamEvents implements Consumer<Connection> {

    public static final String INGEST_ROUTE = "bind-nats-events-jetstream";
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamEvents.class);
    private static final Duration DLQ_MAX_AGE = Duration.ofDays(7);
    private static final Duration ACK_WAIT = Duration.ofSeconds(30);

    private final NatsSettings settings;
    private final String serverId;
    private final EventHub hub;
    private final int retainCount;
    private final long retainMs;
    private final ConsumerConfiguration ingestConsumer;
    private volatile CamelContext camelContext;
    private volatile boolean contextStarted;
    private volatile boolean restored;
    private volatile boolean consumerReady;
    private volatile long restoredEvents;
    private volatile String lastError;

    public JetStreamEvents(NatsSettings settings, String serverId, EventHub hub, int retainCount, long retainMs) {
        this.settings = settings;
        this.serverId = serverId;
        this.hub = hub;
        this.retainCount = retainCount;
        this.retainMs = retainMs;
        String name = serverId.replaceAll("[^A-Za-z0-9_-]", "_");
        this.ingestConsumer = ConsumerConfiguration.builder()
                .durable("migd-events-" + name)
                .deliverSubject("_migd." + name + ".events")
                .filterSubject(NatsSubjects.ALL_EVENTS)
                .deliverPolicy(DeliverPolicy.New)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ACK_WAIT)
                .maxDeliver(settings.maxDeliver())
                .maxAckPending(settings.maxAckPending())
                .build();
    }

    /** The consumer the ingest route subscribes with ({@code consumerConfiguration=#natsEventsConsumer}). */
    public ConsumerConfiguration ingestConsumer() {
        return ingestConsumer;
    }

    /** True once the durable consumer exists: from then on it, not the core subscription, takes plain publishes. */
    public boolean ingestActive() {
        return consumerReady;
    }

    @Override
    public void accept(Connection connection) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            ensureStream(jsm, eventsStream());
            ensureStream(jsm, deadLetterStream());
            if (!restored) {
                restore(connection);
                restored = true;
            }
            if (settings.bindingEnabled()) {
                jsm.addOrUpdateConsumer(settings.streamName(), ingestConsumer);
                consumerReady = true;
                startIngestRoute();
            }
            lastError = null;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            lastError = e.getMessage();
            // the connector tries again while connected (JetStream may still be starting up)
            throw new IllegalStateException("JetStream setup failed (" + e + "); events are mirrored to core NATS"
                    + " only until it works", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called once the Camel context runs: the ingest route can only start then. */
    public void contextStarted(CamelContext context) {
        this.camelContext = context;
        this.contextStarted = true;
        if (consumerReady) {
            startIngestRoute();
        }
    }

    public ObjectNode status() {
        ObjectNode out = Json.object();
        out.put("enabled", true);
        out.put("stream", settings.streamName());
        out.put("dead_letter_stream", settings.dlqStreamName());
        out.put("ingest_consumer", ingestConsumer.getDurable());
        out.put("ingest_active", consumerReady);
        out.put("history_restored", restored);
        out.put("restored_events", restoredEvents);
        if (lastError != null) {
            out.put("last_error", lastError);
        }
        return out;
    }

    StreamConfiguration eventsStream() {
        Duration maxAge = Duration.ofMillis(retainMs);
        Duration dedupe = maxAge.compareTo(Duration.ofMinutes(2)) < 0 ? maxAge : Duration.ofMinutes(2);
        return StreamConfiguration.builder()
                .name(settings.streamName())
                .subjects(NatsSubjects.ALL_EVENTS)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .discardPolicy(DiscardPolicy.Old)
                .maxMessagesPerSubject(Math.max(1L, 2L * retainCount))
                .maxAge(maxAge)
                .duplicateWindow(dedupe)
                .noAck(true)
                .build();
    }

    StreamConfiguration deadLetterStream() {
        return StreamConfiguration.builder()
                .name(settings.dlqStreamName())
                .subjects(NatsSubjects.ALL_DEAD_LETTERS)
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(DLQ_MAX_AGE)
                .build();
    }

    private static void ensureStream(JetStreamManagement jsm, StreamConfiguration config)
            throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getErrorCode() != 404) {
                throw e;
            }
            jsm.addStream(config);
            LOG.info("created JetStream stream {} on {}", config.getName(), config.getSubjects());
            return;
        }
        try {
            jsm.updateStream(config);
        } catch (JetStreamApiException e) {
            LOG.warn("JetStream stream {} exists with settings that cannot be changed to migd's ({}); using it as it is",
                    config.getName(), e.getMessage());
        }
    }

    /** Reads this gateway's mirrored events from the stream back into the hub (the replay window after a restart). */
    private void restore(Connection connection) throws IOException, JetStreamApiException, InterruptedException {
        StreamInfo info = connection.jetStreamManagement().getStreamInfo(settings.streamName());
        long last = info.getStreamState().getLastSequence();
        if (info.getStreamState().getMsgCount() == 0) {
            return;
        }
        JetStreamSubscription subscription = connection.jetStream().subscribe(NatsSubjects.ALL_EVENTS,
                PushSubscribeOptions.builder().stream(settings.streamName()).ordered(true)
                        .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.All).build())
                        .build());
        List<StoredEvent> stored = new ArrayList<>();
        try {
            while (true) {
                Message message = subscription.nextMessage(Duration.ofSeconds(5));
                if (message == null) {
                    break;
                }
                StoredEvent event = read(message);
                if (event != null) {
                    stored.add(event);
                }
                if (message.metaData().streamSequence() >= last) {
                    break;
                }
            }
        } finally {
            subscription.unsubscribe();
        }
        // per topic in sequence order, whatever order the mirrors reached the stream in
        stored.sort(Comparator.comparing(StoredEvent::tenant).thenComparing(StoredEvent::topic)
                .thenComparingLong(StoredEvent::sequence));
        long count = 0;
        for (StoredEvent e : stored) {
            if (hub.restore(e.tenant(), e.topic(), e.eventId(), e.sequence(), e.header(), e.payload(),
                    e.publishedAt())) {
                count++;
            }
        }
        restoredEvents = count;
        LOG.info("restored {} events of server {} from JetStream stream {}", count, serverId, settings.streamName());
    }

    /** One of this gateway's stored mirrors, read back. */
    private record StoredEvent(String tenant, String topic, String eventId, long sequence, ObjectNode header,
                               ObjectNode payload, Instant publishedAt) {
    }

    /** This gateway's mirror as an event; null for client publishes, other gateways' mirrors and anything else. */
    private StoredEvent read(Message message) {
        if (message.getHeaders() == null || !serverId.equals(message.getHeaders().getFirst(NatsHeaders.ORIGIN))) {
            return null;
        }
        String tenant = NatsSubjects.tenantOf(message.getSubject());
        try {
            JsonNode event = Json.mapper().readTree(message.getData());
            if (tenant == null || !event.path("payload").isObject() || !event.path("sequence").canConvertToLong()) {
                return null;
            }
            ObjectNode header = event.path("header").isObject() ? (ObjectNode) event.get("header") : Json.object();
            return new StoredEvent(tenant, event.path("topic").asText(), event.path("event_id").asText(),
                    event.path("sequence").asLong(), header, (ObjectNode) event.get("payload"),
                    Instant.parse(event.path("published_at").asText()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("skipped a stored event that is not an EventMessage: {}", e.toString());
            return null;
        }
    }

    private void startIngestRoute() {
        CamelContext context = camelContext;
        if (!contextStarted || context == null) {
            return;
        }
        try {
            if (!context.getRouteController().getRouteStatus(INGEST_ROUTE).isStarted()) {
                context.getRouteController().startRoute(INGEST_ROUTE);
                LOG.info("JetStream ingest consumer {} started", ingestConsumer.getDurable());
            }
        } catch (Exception e) {
            lastError = e.getMessage();
            LOG.warn("could not start route {}: {}", INGEST_ROUTE, e.toString());
        }
    }
}
