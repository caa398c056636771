package io.migd;

import io.migd.events.EventHub;
import io.migd.support.Await;
import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway and NATS coming and going independently: migd starts while NATS is down (HTTP works, health says
 * NATS is down), connects when NATS comes up, and after a NATS restart the request/reply binding, the mirror and the
 * durable JetStream consumer work again without a gateway restart.
 */
class NatsResilienceIT {

    private static final Duration RECOVERY = Duration.ofSeconds(15);

    private static NatsServerProcess nats;
    private static Gateway gateway;

    @BeforeAll
    static void startGatewayWithNatsDown() throws Exception {
        nats = NatsServerProcess.jetStream();
        gateway = new Gateway().with("migd.nats.url", nats.url()).with("migd.nats.jetstream", "true")
                .with("migd.nats.reconnect-wait-ms", "100");
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (nats != null) {
            nats.stop();
        }
    }

    @Test
    void startsWithNatsDownThenConnectsAndSurvivesANatsRestart() throws Exception {
        // NATS is down: HTTP works, health reports it
        Reply hello = gateway.client().post("/mig/v0.1/hello", "{\"header\": {\"tenant_id\": \"acme\"}}",
                "X-Tenant-ID", "acme");
        assertEquals(200, hello.status(), hello.rawBody());
        Reply health = gateway.client().get("/admin/v0.1/health");
        assertEquals("degraded", health.body().path("status").asText(), health.rawBody());
        assertFalse(health.body().path("nats").path("connected").asBoolean());
        assertFalse(gateway.client().get("/admin/v0.1/connections").body().path("summary")
                .path("nats_binding_active").asBoolean());
        assertEquals(200, gateway.client().post("/mig/v0.1/publish/res.before", "{\"payload\": {}}",
                "X-Tenant-ID", "acme").status(), "events work without NATS");

        // NATS comes up: the gateway connects by itself
        nats.start();
        awaitConnected();
        try (NatsClient client = new NatsClient(nats.url())) {
            assertWorks(client, "first");
            // the event published while NATS was down was mirrored (and stored) once NATS was there
            io.nats.client.JetStreamManagement jsm = client.connection().jetStreamManagement();
            Await.until(RECOVERY, () -> stored(jsm, "mig.v0_1.acme.events.res.before"),
                    () -> "the event published while NATS was down is not in the stream");
        }

        // NATS restarts: the binding comes back without a gateway restart
        nats.stop();
        Await.until(RECOVERY, () -> !natsConnected(), () -> "health still says connected");
        nats.start();
        awaitConnected();
        try (NatsClient client = new NatsClient(nats.url())) {
            assertWorks(client, "second");
        }
    }

    private static void assertWorks(NatsClient client, String round) throws Exception {
        NatsClient.Reply hello = requestWithRetry(client, "mig.v0_1.acme.hello", "{}");
        assertNull(hello.errorCode(), hello.raw());
        assertEquals("nats", hello.body().path("selected_binding").asText(), hello.raw());
        NatsClient.Reply invoke = requestWithRetry(client, "mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"payload\": {\"input\": \"" + round + "\"}}");
        assertEquals("inferred: " + round, invoke.body().path("payload").path("result").asText(), invoke.raw());

        // mirroring: an HTTP publish reaches NATS subscribers
        Subscription mirror = client.subscribe("mig.v0_1.acme.events.res." + round);
        gateway.client().post("/mig/v0.1/publish/res." + round, "{\"payload\": {\"round\": \"" + round + "\"}}",
                "X-Tenant-ID", "acme");
        NatsClient.Reply mirrored = NatsClient.next(mirror, Duration.ofSeconds(5));
        assertNotNull(mirrored, "mirrored after " + round + " connect");
        assertEquals(round, mirrored.body().path("payload").path("round").asText());

        // the durable JetStream consumer takes plain publishes again
        String topic = "res.plain-" + round;
        client.publish("mig.v0_1.acme.events." + topic, "{\"payload\": {\"x\": 1}}");
        Await.until(RECOVERY, () -> hub().lastSequence("acme", topic) == 1,
                () -> "plain publish on " + topic + " not taken in");
    }

    /** Right after a (re)connect the gateway's subscriptions may still be on their way to the server. */
    private static NatsClient.Reply requestWithRetry(NatsClient client, String subject, String body) throws Exception {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            try {
                return client.request(subject, body);
            } catch (AssertionError | java.util.concurrent.CancellationException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private static boolean stored(io.nats.client.JetStreamManagement jsm, String subject) {
        try {
            return jsm.getLastMessage("MIG_EVENTS", subject) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static void awaitConnected() {
        Await.until(RECOVERY, NatsResilienceIT::natsConnected, () -> gateway.client().get("/admin/v0.1/health").rawBody());
        assertTrue(gateway.client().get("/admin/v0.1/connections").body().path("summary")
                .path("nats_binding_active").asBoolean());
        assertEquals("ok", gateway.client().get("/admin/v0.1/health").body().path("status").asText());
    }

    private static boolean natsConnected() {
        return gateway.client().get("/admin/v0.1/health").body().path("nats").path("connected").asBoolean();
    }

    private static EventHub hub() {
        return gateway.camelContext().getRegistry().lookupByNameAndType("eventHub", EventHub.class);
    }
}
