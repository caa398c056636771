package io.migd;

import io.migd.support.Gateway;
import io.migd.support.GatewayHome;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP calls are served on Vert.x event loops. A capability route that blocks (here: a synchronous delay) is not
 * declared nonBlocking, so it runs on the worker pool: while every event loop has such calls in flight, other requests
 * are still answered at once. The demo capability, declared nonBlocking, runs on the event loop itself.
 */
class BlockingCapabilityIT {

    private static final long BLOCK_MS = 2_000;

    static GatewayHome home;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        home = new GatewayHome().route("capabilities/test-blocking.camel.yaml",
                GatewayHome.blockingCapability("test.blocking", BLOCK_MS));
        gateway = new Gateway().home(home.dir());
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.stop();
        home.close();
    }

    @Test
    void aBlockingCapabilityRunsOnWorkersAndLeavesTheEventLoopsFree() throws Exception {
        // more blocked calls than Vert.x has event loops (2 per core): each loop serves at least one of them
        int calls = 2 * 2 * Runtime.getRuntime().availableProcessors() + 2;
        List<CompletableFuture<Reply>> blocked = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            // one client per call: one connection each, spread over the event loops
            blocked.add(new MigClient(gateway.base()).postAsync("/mig/v0.1/invoke/test.blocking",
                    MigClient.invokeBody("acme", "{}"), "X-Tenant-ID", "acme"));
        }
        Thread.sleep(300);
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            Reply hello = new MigClient(gateway.base()).post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme");
            assertEquals(200, hello.status(), hello.rawBody());
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < BLOCK_MS / 2, "HELLO waited " + tookMs + " ms behind blocked capability calls");
        assertTrue(blocked.stream().noneMatch(CompletableFuture::isDone), "the blocking calls should still run");

        for (CompletableFuture<Reply> call : blocked) {
            Reply reply = call.get(30, TimeUnit.SECONDS);
            assertEquals(200, reply.status(), reply.rawBody());
            String thread = reply.body().path("payload").path("thread").asText();
            assertFalse(thread.isEmpty() || thread.contains("eventloop"), "ran on " + thread);
        }
    }

    @Test
    void theDemoCapabilityStillAnswersWhileWorkersAreBusy() {
        Reply reply = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                MigClient.invokeBody("acme", "{\"input\":\"x\"}"), "X-Tenant-ID", "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        assertEquals("inferred: x", reply.body().path("payload").path("result").asText());
    }
}
