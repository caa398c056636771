package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §5.4 deadlines and §5.5 cancel against a really slow upstream. */
class DeadlineAndCancelIT {

    @RegisterExtension
    static Gateway gateway = new Gateway();

    static TestUpstream upstream;

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream()
                .slow("/deadline", 5000, "{\"late\":true}")
                .slow("/cancel", 5000, "{\"late\":true}")
                .slow("/other-tenant", 1200, "{\"done\":true}");
        for (String path : new String[] {"/deadline", "/cancel", "/other-tenant"}) {
            Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"test"
                    + path.replace('/', '.') + "\",\"version\":\"1\"},\"endpoint\":\"" + upstream.url(path) + "\"}");
            assertEquals(201, reply.status(), reply.rawBody());
        }
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    private static String body(String tenant, String messageId, int deadlineMs) {
        return "{\"header\":{\"tenant_id\":\"" + tenant + "\",\"message_id\":\"" + messageId + "\",\"deadline_ms\":"
                + deadlineMs + "},\"payload\":{}}";
    }

    private static void awaitCalls(String path, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.calls(path) < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(upstream.calls(path) >= n, "upstream never received the call");
    }

    @Test
    void deadlineAbandonsTheSlowProvider() throws Exception {
        long start = System.nanoTime();
        Reply reply = gateway.client().post("/mig/v0.1/invoke/test.deadline", body("acme", "dl-1", 300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertErrorEnvelope(reply, 504, "MIG_TIMEOUT");
        assertTrue(reply.body().path("error").path("retryable").asBoolean());
        assertFalse(reply.body().path("error").path("details").path("cancelled").asBoolean());
        assertTrue(tookMs >= 290 && tookMs < 1300, "answered after " + tookMs + " ms for a 300 ms deadline");
        assertTrue(upstream.awaitAbandoned("/deadline", 2000), "the upstream request was not abandoned");
    }

    @Test
    void cancelStopsAnInFlightInvocation() throws Exception {
        CompletableFuture<Reply> call = gateway.client().postAsync("/mig/v0.1/invoke/test.cancel",
                body("acme", "cx-1", 20000), "X-Tenant-ID", "acme");
        awaitCalls("/cancel", 1);
        long start = System.nanoTime();
        Reply ack = gateway.client().post("/mig/v0.1/cancel/cx-1", "{\"header\":{\"tenant_id\":\"acme\"},"
                + "\"target_message_id\":\"cx-1\",\"reason\":\"operator cancel\"}", "X-Tenant-ID", "acme");
        assertEquals(200, ack.status(), ack.rawBody());
        assertEquals("cx-1", ack.body().path("target_message_id").asText());
        assertTrue(ack.body().path("accepted").asBoolean());
        assertEquals("cancelled", ack.body().path("status").asText());

        Reply cancelled = call.get(2, TimeUnit.SECONDS);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 1000, "the cancelled call ended after " + tookMs + " ms");
        assertErrorEnvelope(cancelled, 504, "MIG_TIMEOUT");
        JsonNode details = cancelled.body().path("error").path("details");
        assertTrue(details.path("cancelled").asBoolean(), cancelled.rawBody());
        assertEquals("operator cancel", details.path("reason").asText());
        assertTrue(upstream.awaitAbandoned("/cancel", 2000), "the upstream request was not abandoned");
    }

    @Test
    void anotherTenantCannotCancel() throws Exception {
        CompletableFuture<Reply> call = gateway.client().postAsync("/mig/v0.1/invoke/test.other-tenant",
                body("acme", "cx-2", 20000), "X-Tenant-ID", "acme");
        awaitCalls("/other-tenant", 1);
        Reply ack = gateway.client().post("/mig/v0.1/cancel/cx-2", "{}", "X-Tenant-ID", "globex");
        assertEquals(200, ack.status(), ack.rawBody());
        assertEquals("not_found", ack.body().path("status").asText());
        Reply finished = call.get(5, TimeUnit.SECONDS);
        assertEquals(200, finished.status(), finished.rawBody());
        assertTrue(finished.body().path("payload").path("done").asBoolean());
    }

    @Test
    void cancelBeforeInvokeRefusesTheLaterInvocation() {
        Reply ack = gateway.client().post("/mig/v0.1/cancel/early-1", "{}", "X-Tenant-ID", "acme");
        assertEquals("not_found", ack.body().path("status").asText());
        Reply late = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"early-1\"},\"payload\":{\"input\":\"x\"}}");
        assertErrorEnvelope(late, 504, "MIG_TIMEOUT");
        assertTrue(late.body().path("error").path("details").path("cancelled").asBoolean());
        // the same id in another tenant is unaffected
        Reply other = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"tenant_id\":\"globex\",\"message_id\":\"early-1\"},\"payload\":{\"input\":\"x\"}}");
        assertEquals(200, other.status(), other.rawBody());
    }

    @Test
    void cancelBodyMustAgreeWithPath() {
        Reply reply = gateway.client().post("/mig/v0.1/cancel/a-1", "{\"target_message_id\":\"b-2\"}",
                "X-Tenant-ID", "acme");
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
    }
}
