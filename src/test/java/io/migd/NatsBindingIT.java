package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.events.EventHub;
import io.migd.support.Await;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.migd.support.SseReader;
import io.migd.support.TestUpstream;
import io.nats.client.Subscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MIG/NATS binding against a real nats-server (core NATS): every request/reply subject, header mirroring, tenant
 * rules, error envelopes with Mig-Error-Code, event mirroring exactly once in both directions without loops, and
 * stream invocation frames.
 */
class NatsBindingIT {

    private static final Duration QUIET = Duration.ofMillis(400);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static NatsServerProcess nats;
    private static Gateway gateway;
    private static NatsClient client;
    private static TestUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.core().start();
        gateway = new Gateway().with("migd.nats.url", nats.url());
        gateway.start();
        client = new NatsClient(nats.url());
        upstream = new TestUpstream().slow("/slow", 10_000, "{\"late\": true}");
        Reply registered = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\": {\"id\": \"test.nats.slow\","
                + " \"version\": \"1\"}, \"endpoint\": \"" + upstream.url("/slow") + "\"}");
        assertEquals(201, registered.status(), registered.rawBody());
    }

    @AfterAll
    static void stop() throws Exception {
        if (upstream != null) {
            upstream.close();
        }
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (nats != null) {
            nats.stop();
        }
    }

    @Test
    void helloMirrorsTheHeaderIntoNatsHeaders() throws Exception {
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", """
                {"header": {"tenant_id": "acme", "message_id": "m-hello-1", "session_id": "s-1",
                            "traceparent": "%s"},
                 "supported_versions": ["0.1"], "requested_bindings": ["nats"]}""".formatted(TRACEPARENT));
        assertNull(hello.errorCode(), hello.raw());
        assertEquals("0.1", hello.body().path("selected_version").asText());
        assertEquals("nats", hello.body().path("selected_binding").asText(), hello.raw());
        assertEquals("migd", hello.body().path("server_id").asText());
        assertEquals("m-hello-1", hello.body().path("header").path("message_id").asText());
        assertEquals("0.1", hello.header("mig_version"));
        assertEquals("m-hello-1", hello.header("message_id"));
        assertEquals("acme", hello.header("tenant_id"));
        assertEquals("s-1", hello.header("session_id"));
        assertEquals(TRACEPARENT, hello.header("traceparent"));
        assertNull(hello.header("Mig-Error-Code"));
    }

    @Test
    void anEmptyBodyIsAnEmptyEnvelopeAndTheSubjectNamesTheTenant() throws Exception {
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "");
        assertNull(hello.errorCode(), hello.raw());
        assertEquals("acme", hello.body().path("header").path("tenant_id").asText(), hello.raw());
        assertEquals("nats", hello.body().path("selected_binding").asText());
    }

    @Test
    void discoverListsTheCapabilities() throws Exception {
        NatsClient.Reply discover = client.request("mig.v0_1.acme.discover", "{\"header\": {\"tenant_id\": \"acme\"}}");
        assertNull(discover.errorCode(), discover.raw());
        assertEquals("observatory.models.infer", discover.body().path("capabilities").path(0).path("id").asText(),
                discover.raw());
    }

    @Test
    void invokeRunsTheCapabilityAndEchoesTheIdempotencyKey() throws Exception {
        String body = """
                {"header": {"tenant_id": "acme", "idempotency_key": "nats-idem-1"},
                 "payload": {"input": "hello"}}""";
        NatsClient.Reply first = client.request("mig.v0_1.acme.invoke.observatory.models.infer", body);
        assertNull(first.errorCode(), first.raw());
        assertEquals("inferred: hello", first.body().path("payload").path("result").asText(), first.raw());
        assertEquals("observatory.models.infer", first.body().path("capability").asText());
        assertEquals("nats-idem-1", first.header("idempotency_key"));
        NatsClient.Reply again = client.request("mig.v0_1.acme.invoke.observatory.models.infer", body);
        assertEquals(first.body().path("payload"), again.body().path("payload"), "an idempotent replay");
    }

    @Test
    void invocationsRunConcurrently() throws Exception {
        List<java.util.concurrent.CompletableFuture<io.nats.client.Message>> replies = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            replies.add(client.connection().request("mig.v0_1.acme.invoke.observatory.models.infer",
                    ("{\"payload\": {\"input\": \"n" + i + "\"}}").getBytes()));
        }
        for (int i = 0; i < 20; i++) {
            JsonNode reply = MigClient.JSON.readTree(replies.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS)
                    .getData());
            assertEquals("inferred: n" + i, reply.path("payload").path("result").asText(), reply.toString());
        }
    }

    @Test
    void cancelAndHeartbeatAnswer() throws Exception {
        NatsClient.Reply cancel = client.request("mig.v0_1.acme.control.cancel.nothing-runs.here",
                "{\"reason\": \"test\"}");
        assertNull(cancel.errorCode(), cancel.raw());
        assertEquals("nothing-runs.here", cancel.body().path("target_message_id").asText(), cancel.raw());
        assertEquals("not_found", cancel.body().path("status").asText());
        assertTrue(cancel.body().path("accepted").asBoolean());

        NatsClient.Reply heartbeat = client.request("mig.v0_1.acme.control.heartbeat", "{\"interval_ms\": 2000}");
        assertNull(heartbeat.errorCode(), heartbeat.raw());
        assertTrue(heartbeat.body().path("suggested_interval_ms").asInt() >= 1, heartbeat.raw());
        assertTrue(heartbeat.body().has("load_factor"));
    }

    @Test
    void cancelOverNatsStopsAnInvocationInFlight() throws Exception {
        var running = client.connection().request("mig.v0_1.acme.invoke.test.nats.slow",
                "{\"header\": {\"message_id\": \"nats-cx-1\", \"deadline_ms\": 20000}, \"payload\": {}}".getBytes());
        Await.until(Duration.ofSeconds(5), () -> upstream.calls("/slow") >= 1, () -> "the upstream was not called");
        // a heartbeat is not held up by the running invocation
        assertNull(client.request("mig.v0_1.acme.control.heartbeat", "{}").errorCode());
        NatsClient.Reply ack = client.request("mig.v0_1.acme.control.cancel.nats-cx-1", "{\"reason\": \"stop\"}");
        assertEquals("cancelled", ack.body().path("status").asText(), ack.raw());
        io.nats.client.Message ended = running.get(2, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode error = MigClient.JSON.readTree(ended.getData()).path("error");
        assertEquals("MIG_TIMEOUT", error.path("code").asText(), error.toString());
        assertTrue(error.path("details").path("cancelled").asBoolean());
        assertEquals("MIG_TIMEOUT", ended.getHeaders().getFirst("Mig-Error-Code"));
    }

    @Test
    void theSubjectTenantMustMatchTheHeader() throws Exception {
        NatsClient.Reply reply = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"header\": {\"tenant_id\": \"globex\"}, \"payload\": {\"input\": \"x\"}}");
        assertEquals("MIG_FORBIDDEN", reply.errorCode(), reply.raw());
        assertEquals("MIG_FORBIDDEN", reply.header("Mig-Error-Code"));
        assertFalse(reply.body().path("error").path("retryable").asBoolean());
        NatsClient.Reply publish = client.request("mig.v0_1.acme.events.nats.mismatch",
                "{\"header\": {\"tenant_id\": \"globex\"}, \"payload\": {}}");
        assertEquals("MIG_FORBIDDEN", publish.header("Mig-Error-Code"), publish.raw());
    }

    @Test
    void errorsAreEnvelopesWithTheErrorCodeHeader() throws Exception {
        NatsClient.Reply unknown = client.request("mig.v0_1.acme.invoke.no.such.capability", "{\"payload\": {}}");
        assertEquals("MIG_UNSUPPORTED_CAPABILITY", unknown.errorCode(), unknown.raw());
        assertEquals("MIG_UNSUPPORTED_CAPABILITY", unknown.header("Mig-Error-Code"));
        assertTrue(unknown.body().path("header").path("message_id").isTextual());

        NatsClient.Reply malformed = client.request("mig.v0_1.acme.discover", "{not json");
        assertEquals("MIG_INVALID_REQUEST", malformed.header("Mig-Error-Code"), malformed.raw());

        NatsClient.Reply invalid = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                "{\"payload\": {\"input\": 42}}");
        assertEquals("MIG_INVALID_REQUEST", invalid.header("Mig-Error-Code"), invalid.raw());

        NatsClient.Reply version = client.request("mig.v0_1.acme.hello", "{\"header\": {\"mig_version\": \"9.9\"}}");
        assertEquals("MIG_VERSION_MISMATCH", version.header("Mig-Error-Code"), version.raw());
    }

    @Test
    void subjectTokensAreValidated() throws Exception {
        NatsClient.Reply badTenant = client.request("mig.v0_1.ac$me.hello", "{}");
        assertEquals("MIG_INVALID_REQUEST", badTenant.header("Mig-Error-Code"), badTenant.raw());
        assertEquals("subject", badTenant.body().path("error").path("details").path("field").asText());
        NatsClient.Reply badTopic = client.request("mig.v0_1.acme.events.nodots", "{\"payload\": {}}");
        assertEquals("MIG_INVALID_REQUEST", badTopic.header("Mig-Error-Code"), badTopic.raw());
        NatsClient.Reply badCapability = client.request("mig.v0_1.acme.invoke.bad$cap.x", "{\"payload\": {}}");
        assertEquals("MIG_INVALID_REQUEST", badCapability.header("Mig-Error-Code"), badCapability.raw());
    }

    @Test
    void anEventPublishedOverHttpIsMirroredOnce() throws Exception {
        Subscription sub = client.subscribe("mig.v0_1.acme.events.nats.http-origin");
        Reply ack = gateway.client().post("/mig/v0.1/publish/nats.http-origin",
                "{\"header\": {\"tenant_id\": \"acme\"}, \"payload\": {\"n\": 1}}", "X-Tenant-ID", "acme");
        assertEquals(200, ack.status(), ack.rawBody());
        List<NatsClient.Reply> seen = NatsClient.drain(sub, QUIET);
        assertEquals(1, seen.size(), "one mirrored message: " + seen);
        NatsClient.Reply event = seen.get(0);
        assertEquals(1, event.body().path("payload").path("n").asInt(), event.raw());
        assertEquals(ack.body().path("event_id").asText(), event.body().path("event_id").asText());
        assertEquals(ack.body().path("sequence").asText(), event.header("Mig-Sequence"));
        assertEquals("migd", event.header("Mig-Origin"));
        assertEquals("acme", event.header("tenant_id"));
        assertEquals(1, hub().lastSequence("acme", "nats.http-origin"), "the mirror did not come back in");
    }

    @Test
    void anEventPublishedOverNatsReachesSseSubscribersOnceAndIsAcked() throws Exception {
        try (SseReader sse = new SseReader(URI.create(gateway.base() + "/mig/v0.1/subscribe/nats.from-nats"),
                "X-Tenant-ID", "acme")) {
            Subscription watcher = client.subscribe("mig.v0_1.acme.events.nats.from-nats");
            NatsClient.Reply ack = client.request("mig.v0_1.acme.events.nats.from-nats",
                    "{\"header\": {\"message_id\": \"pub-1\"}, \"payload\": {\"from\": \"nats\"}}");
            assertNull(ack.errorCode(), ack.raw());
            assertEquals("nats.from-nats", ack.body().path("topic").asText(), ack.raw());
            assertEquals(1, ack.body().path("sequence").asInt());
            assertTrue(ack.body().path("accepted").asBoolean());
            assertEquals("pub-1", ack.header("message_id"));

            String first = sse.next(Duration.ofSeconds(5));
            assertNotNull(first, "the SSE subscriber gets the event");
            assertTrue(first.contains("\"from\":\"nats\""), first);
            assertNull(sse.next(QUIET), "exactly once");

            // on NATS: the client's own message and the gateway's mirror of the event, nothing more (no loop)
            List<NatsClient.Reply> onNats = NatsClient.drain(watcher, QUIET);
            assertEquals(2, onNats.size(), onNats.toString());
            assertEquals(1, onNats.stream().filter(m -> m.header("Mig-Origin") != null).count());
            assertEquals(1, hub().lastSequence("acme", "nats.from-nats"));
        }
    }

    @Test
    void aPlainPublishIsTakenInAndAPoisonOneIsDeadLettered() throws Exception {
        Subscription dlq = client.subscribe("mig.v0_1.acme.dlq.events.>");
        client.publish("mig.v0_1.acme.events.nats.plain", "{\"payload\": {\"k\": 1}}");
        client.publish("mig.v0_1.acme.events.nats.plain", "{\"payload\": [1, 2]}");
        NatsClient.Reply dead = NatsClient.next(dlq, Duration.ofSeconds(5));
        assertNotNull(dead, "the poison message is dead-lettered");
        assertEquals("MIG_INVALID_REQUEST", dead.header("Mig-Error-Code"));
        assertEquals("mig.v0_1.acme.events.nats.plain", dead.header("Mig-Dlq-Subject"));
        assertTrue(dead.raw().contains("[1, 2]"), dead.raw());
        assertEquals(1, hub().lastSequence("acme", "nats.plain"));
    }

    @Test
    void streamFramesGoToTheStreamSubject() throws Exception {
        Subscription frames = client.subscribe("mig.v0_1.acme.stream.s-nats-1");
        NatsClient.Reply started = client.request("mig.v0_1.acme.stream.start.observatory.models.infer",
                "{\"stream_id\": \"s-nats-1\", \"payload\": {\"input\": \"a b c\"}}");
        assertNull(started.errorCode(), started.raw());
        assertEquals("s-nats-1", started.body().path("stream_id").asText(), started.raw());
        assertEquals("mig.v0_1.acme.stream.s-nats-1", started.body().path("subject").asText());
        List<NatsClient.Reply> got = new java.util.ArrayList<>();
        NatsClient.Reply frame;
        while ((frame = NatsClient.next(frames, Duration.ofSeconds(5))) != null) {
            got.add(frame);
            if (frame.body().path("end_stream").asBoolean()) {
                break;
            }
        }
        assertEquals(4, got.size(), "three tokens and the final frame: " + got);
        for (int i = 0; i < 3; i++) {
            assertEquals("response", got.get(i).body().path("kind").asText());
            assertFalse(got.get(i).body().path("end_stream").asBoolean());
        }
        NatsClient.Reply last = got.get(3);
        assertTrue(last.body().path("end_stream").asBoolean());
        assertEquals("inferred: a b c", last.body().path("payload").path("result").asText(), last.raw());
        assertEquals("acme", last.header("tenant_id"));
        assertNull(NatsClient.next(frames, QUIET), "nothing after the last frame");
    }

    @Test
    void aStreamOfAnUnknownCapabilityIsAnErrorReply() throws Exception {
        NatsClient.Reply reply = client.request("mig.v0_1.acme.stream.start.no.such.thing", "{\"payload\": {}}");
        assertEquals("MIG_UNSUPPORTED_CAPABILITY", reply.header("Mig-Error-Code"), reply.raw());
    }

    @Test
    void healthAndConnectionsShowNats() throws Exception {
        Reply health = gateway.client().get("/admin/v0.1/health");
        assertEquals(200, health.status(), health.rawBody());
        assertEquals("ok", health.body().path("status").asText(), health.rawBody());
        assertTrue(health.body().path("nats").path("connected").asBoolean(), health.rawBody());
        assertTrue(health.body().path("bindings").toString().contains("nats"), health.rawBody());
        Reply connections = gateway.client().get("/admin/v0.1/connections");
        assertTrue(connections.body().path("summary").path("nats_binding_active").asBoolean(), connections.rawBody());
    }

    private static EventHub hub() {
        return gateway.camelContext().getRegistry().lookupByNameAndType("eventHub", EventHub.class);
    }
}
