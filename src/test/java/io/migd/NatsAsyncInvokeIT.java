package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.binding.nats.NatsConnector;
import io.migd.support.Gateway;
import io.migd.support.GatewayHome;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NATS consumers process asynchronously: with a single subscription of the invoke subject
 * ({@code MIGD_NATS_WORKER_THREADS=1}, one receiving thread), invocations of a capability that blocks (it runs on the
 * capability workers) do not hold up the invocations behind them on the same subject, nor HELLO; concurrent requests
 * each get their own answer and stream frames go to their own stream. The gateway's own mirrored events do not come
 * back to it (noEcho).
 */
class NatsAsyncInvokeIT {

    private static final long BLOCK_MS = 2_000;
    private static final String INVOKE = "mig.v0_1.acme.invoke.";

    private static GatewayHome home;
    private static NatsServerProcess nats;
    private static Gateway gateway;
    private static NatsClient client;

    @BeforeAll
    static void start() throws Exception {
        home = new GatewayHome().route("capabilities/test-nats-blocking.camel.yaml",
                GatewayHome.blockingCapability("test.nats.blocking", BLOCK_MS));
        nats = NatsServerProcess.core().start();
        gateway = new Gateway().home(home.dir()).with("migd.nats.url", nats.url()).with("migd.nats.worker-threads", "1");
        gateway.start();
        client = new NatsClient(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
        if (nats != null) {
            nats.stop();
        }
        home.close();
    }

    @Test
    void blockingInvocationsDoNotHoldUpTheSubjectOrHello() throws Exception {
        int blockedCalls = 6;
        List<CompletableFuture<Message>> blocked = new ArrayList<>();
        for (int i = 0; i < blockedCalls; i++) {
            blocked.add(request(INVOKE + "test.nats.blocking",
                    "{\"header\": {\"message_id\": \"blk-" + i + "\"}, \"payload\": {}}"));
        }
        long started = System.nanoTime();
        // behind the blocked ones on the very same subscription: the demo capability
        NatsClient.Reply quick = client.request(INVOKE + "observatory.models.infer",
                "{\"payload\": {\"input\": \"behind\"}}");
        assertEquals("inferred: behind", quick.body().path("payload").path("result").asText(), quick.raw());
        NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "{}");
        assertNull(hello.errorCode(), hello.raw());
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < BLOCK_MS / 2, "waited " + tookMs + " ms behind blocking invocations");
        assertTrue(blocked.stream().noneMatch(CompletableFuture::isDone), "the blocking calls should still run");

        for (int i = 0; i < blockedCalls; i++) {
            JsonNode reply = MigClient.JSON.readTree(blocked.get(i).get(30, TimeUnit.SECONDS).getData());
            assertNull(reply.path("error").path("code").textValue(), reply.toString());
            assertEquals("blk-" + i, reply.path("payload").path("message_id").asText(), reply.toString());
            assertEquals("blk-" + i, reply.path("header").path("message_id").asText(), reply.toString());
        }
    }

    @Test
    void concurrentInvocationsEachGetTheirOwnAnswer() throws Exception {
        int calls = 300;
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            replies.add(request(INVOKE + "observatory.models.infer",
                    "{\"header\": {\"message_id\": \"par-" + i + "\", \"session_id\": \"s-" + i + "\"},"
                            + " \"payload\": {\"input\": \"n" + i + "\"}}"));
        }
        for (int i = 0; i < calls; i++) {
            Message message = replies.get(i).get(30, TimeUnit.SECONDS);
            JsonNode reply = MigClient.JSON.readTree(message.getData());
            assertEquals("inferred: n" + i, reply.path("payload").path("result").asText(), reply.toString());
            assertEquals("par-" + i, reply.path("header").path("message_id").asText());
            assertEquals("par-" + i, message.getHeaders().getFirst("message_id"));
            assertEquals("s-" + i, message.getHeaders().getFirst("session_id"));
        }
    }

    @Test
    void concurrentStreamsKeepTheirOwnFrames() throws Exception {
        int streams = 8;
        List<Subscription> frames = new ArrayList<>();
        List<CompletableFuture<Message>> started = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            frames.add(client.subscribe("mig.v0_1.acme.stream.s-par-" + i));
        }
        for (int i = 0; i < streams; i++) {
            started.add(request("mig.v0_1.acme.stream.start.observatory.models.infer",
                    "{\"stream_id\": \"s-par-" + i + "\", \"payload\": {\"input\": \"w" + i + " x" + i + "\"}}"));
        }
        for (int i = 0; i < streams; i++) {
            JsonNode ack = MigClient.JSON.readTree(started.get(i).get(10, TimeUnit.SECONDS).getData());
            assertEquals("s-par-" + i, ack.path("stream_id").asText(), ack.toString());
            List<NatsClient.Reply> got = new ArrayList<>();
            NatsClient.Reply frame;
            while ((frame = NatsClient.next(frames.get(i), Duration.ofSeconds(5))) != null) {
                got.add(frame);
                if (frame.body().path("end_stream").asBoolean()) {
                    break;
                }
            }
            assertEquals(3, got.size(), "two tokens and the final frame: " + got);
            assertEquals("w" + i, got.get(0).body().path("payload").path("token").asText(), got.toString());
            assertEquals("x" + i, got.get(1).body().path("payload").path("token").asText(), got.toString());
            assertEquals("inferred: w" + i + " x" + i,
                    got.get(2).body().path("payload").path("result").asText(), got.toString());
        }
    }

    @Test
    void theCompletionEventOfAnInvocationOverNatsFollowsTheAnswer() throws Exception {
        Subscription events = client.subscribe("mig.v0_1.acme.events.observatory.inference.completed");
        NatsClient.Reply reply = client.request(INVOKE + "observatory.models.infer",
                "{\"header\": {\"message_id\": \"evt-1\"}, \"payload\": {\"input\": \"e\"}}");
        assertNull(reply.errorCode(), reply.raw());
        NatsClient.Reply event = NatsClient.next(events, Duration.ofSeconds(5));
        assertNotNull(event, "the completion event is published (and mirrored) after the answer");
        assertEquals("evt-1", event.body().path("payload").path("message_id").asText(), event.raw());
        assertNull(NatsClient.next(events, Duration.ofMillis(300)), "once");
    }

    @Test
    void theGatewaysOwnMirrorsDoNotComeBack() throws Exception {
        Subscription watcher = client.subscribe("mig.v0_1.acme.events.nats.echo");
        long before = publishRouteExchanges();
        long inBefore = connector().connection().getStatistics().getInMsgs();
        for (int i = 0; i < 5; i++) {
            Reply ack = gateway.client().post("/mig/v0.1/publish/nats.echo",
                    "{\"header\": {\"tenant_id\": \"acme\"}, \"payload\": {\"n\": " + i + "}}", "X-Tenant-ID", "acme");
            assertEquals(200, ack.status(), ack.rawBody());
        }
        List<NatsClient.Reply> mirrored = NatsClient.drain(watcher, Duration.ofMillis(500));
        assertEquals(5, mirrored.size(), "every event is mirrored to NATS: " + mirrored);
        assertEquals(before, publishRouteExchanges(), "the events subscription never saw the gateway's mirrors");
        assertEquals(inBefore, connector().connection().getStatistics().getInMsgs(),
                "nothing came back to the gateway's connection");
    }

    private static CompletableFuture<Message> request(String subject, String json) {
        return client.connection().request(subject, json.getBytes(StandardCharsets.UTF_8));
    }

    private static long publishRouteExchanges() throws Exception {
        ManagedCamelContext managed = gateway.camelContext().getCamelContextExtension()
                .getContextPlugin(ManagedCamelContext.class);
        assertNotNull(managed, "JMX is on in application.properties");
        return managed.getManagedRoute("bind-nats-publish").getExchangesTotal();
    }

    private static NatsConnector connector() {
        NatsConnector connector = gateway.camelContext().hasService(NatsConnector.class);
        assertNotNull(connector);
        assertFalse(connector.connection() == null);
        return connector;
    }
}
