package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.migd.support.SseReader;
import io.nats.client.JetStreamManagement;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JetStream mode against nats-server -js with a file store: events are stored, NATS publishes are ingested through
 * the durable consumer (also those sent while the gateway is down), poison messages are dead-lettered, and after a
 * gateway restart resume_cursor replays what was published before it, with the same sequences.
 */
class NatsJetStreamIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TOPIC = "js.history";

    private static NatsServerProcess nats;
    private static NatsClient client;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.jetStream().start();
        client = new NatsClient(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (nats != null) {
            nats.stop();
        }
    }

    private static Gateway gateway() throws Exception {
        Gateway gateway = new Gateway().with("migd.nats.url", nats.url()).with("migd.nats.jetstream", "true")
                .with("migd.nats.max-ack-pending", "64");
        gateway.start();
        return gateway;
    }

    @Test
    void eventsSurviveAGatewayRestartAndNatsPublishesAreIngestedDurably() throws Exception {
        Gateway first = gateway();
        try (SseReader live = new SseReader(URI.create(first.base() + "/mig/v0.1/subscribe/" + TOPIC),
                "X-Tenant-ID", "acme")) {
            for (int i = 1; i <= 3; i++) {
                Reply ack = first.client().post("/mig/v0.1/publish/" + TOPIC,
                        "{\"payload\": {\"n\": " + i + "}}", "X-Tenant-ID", "acme");
                assertEquals(i, ack.body().path("sequence").asInt(), ack.rawBody());
            }
            // a plain NATS publish: the durable consumer takes it in
            client.publish("mig.v0_1.acme.events." + TOPIC, "{\"payload\": {\"n\": 4}}");
            // a NATS request: answered once, with the PUBLISH ack (the stream itself does not answer: no_ack)
            NatsClient.Reply ack = client.request("mig.v0_1.acme.events." + TOPIC, "{\"payload\": {\"n\": 5}}");
            assertNull(ack.errorCode(), ack.raw());
            assertTrue(ack.body().path("accepted").asBoolean(), ack.raw());
            assertTrue(ack.body().path("sequence").asInt() >= 4, ack.raw());
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < 5) {
                String event = live.next(WAIT);
                assertNotNull(event, "events so far: " + seen);
                seen.add(MigClient.JSON.readTree(event).path("payload").path("n").asInt());
            }
            assertEquals(List.of(1, 2, 3), seen.subList(0, 3));
            assertTrue(seen.containsAll(List.of(4, 5)), seen.toString());
            assertNull(live.next(Duration.ofMillis(500)), "each event once: " + seen);
        }
        assertStreamAndConsumer();
        first.stop();

        // published while no gateway runs: stored, and taken in by the durable consumer after the restart
        client.publish("mig.v0_1.acme.events." + TOPIC, "{\"payload\": {\"n\": 6}}");

        Gateway second = gateway();
        try (SseReader replay = new SseReader(URI.create(second.base() + "/mig/v0.1/subscribe/" + TOPIC
                + "?resume_cursor=2"), "X-Tenant-ID", "acme")) {
            List<JsonNode> events = new ArrayList<>();
            while (events.size() < 4) {
                String event = replay.next(WAIT);
                assertNotNull(event, "replayed so far: " + events);
                events.add(MigClient.JSON.readTree(event));
            }
            assertEquals(3, events.get(0).path("sequence").asInt(), events.toString());
            assertTrue(events.get(0).path("replay").asBoolean(), "from the stored history: " + events.get(0));
            assertEquals(3, events.get(0).path("payload").path("n").asInt());
            assertEquals(List.of(3L, 4L, 5L, 6L), events.stream().map(e -> e.path("sequence").asLong()).toList());
            assertEquals(6, events.get(3).path("payload").path("n").asInt(), "the publish made while it was down");

            Reply next = second.client().post("/mig/v0.1/publish/" + TOPIC, "{\"payload\": {\"n\": 7}}",
                    "X-Tenant-ID", "acme");
            assertEquals(7, next.body().path("sequence").asInt(), "sequences continue after the restart");
            JsonNode seventh = MigClient.JSON.readTree(replay.next(WAIT));
            assertEquals(7, seventh.path("sequence").asInt());
        } finally {
            second.stop();
        }
    }

    @Test
    void poisonMessagesGoToTheDeadLetterStream() throws Exception {
        Gateway gateway = gateway();
        try {
            Subscription dlq = client.subscribe("mig.v0_1.*.dlq.>");
            client.publish("mig.v0_1.acme.events.js.poison", "not json at all");
            NatsClient.Reply dead = NatsClient.next(dlq, WAIT);
            assertNotNull(dead, "dead-lettered");
            assertEquals("mig.v0_1.acme.dlq.events.js.poison", dead.subject());
            assertEquals("MIG_INVALID_REQUEST", dead.header("Mig-Error-Code"));
            assertEquals("not json at all", dead.raw());
            assertNotNull(dead.header("Mig-Dlq-Stream-Sequence"));
            JetStreamManagement jsm = client.connection().jetStreamManagement();
            StreamInfo dlqStream = jsm.getStreamInfo("MIG_DLQ");
            assertTrue(dlqStream.getStreamState().getMsgCount() >= 1, "the dead-letter stream keeps it");

            Reply health = gateway.client().get("/admin/v0.1/health");
            JsonNode js = health.body().path("nats").path("jetstream");
            assertTrue(js.path("ingest_active").asBoolean(), health.rawBody());
            assertEquals("MIG_EVENTS", js.path("stream").asText());
        } finally {
            gateway.stop();
        }
    }

    private static void assertStreamAndConsumer() throws Exception {
        JetStreamManagement jsm = client.connection().jetStreamManagement();
        StreamInfo stream = jsm.getStreamInfo("MIG_EVENTS");
        assertTrue(stream.getConfiguration().getNoAck(), "requests on events subjects get one answer");
        assertEquals(List.of("mig.v0_1.*.events.>"), stream.getConfiguration().getSubjects());
        ConsumerInfo consumer = jsm.getConsumerInfo("MIG_EVENTS", "migd-events-migd");
        assertEquals(AckPolicy.Explicit, consumer.getConsumerConfiguration().getAckPolicy());
        assertEquals(64, consumer.getConsumerConfiguration().getMaxAckPending());
        assertEquals(5, consumer.getConsumerConfiguration().getMaxDeliver());
        // the stored mirror carries the MIG sequence that resume_cursor counts
        var message = jsm.getLastMessage("MIG_EVENTS", "mig.v0_1.acme.events." + TOPIC);
        assertNotNull(message.getHeaders().getFirst("Mig-Sequence"), "the mirror is the last message");
    }
}
