package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** mig-spec §5.3 idempotency against a counting upstream. */
class IdempotencyIT {

    @RegisterExtension
    static Gateway gateway = new Gateway();

    static TestUpstream upstream;

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream().echo("/count", 1).echo("/slow-count", 400)
                .json("/fails", 500, "{}");
        bind("test.count", "/count");
        bind("test.slow-count", "/slow-count");
        bind("test.fails", "/fails");
    }

    static void bind(String id, String path) {
        Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"" + id
                + "\",\"version\":\"1\"},\"endpoint\":\"" + upstream.url(path) + "\"}");
        assertEquals(201, reply.status(), reply.rawBody());
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    static String body(String tenant, String key, String payload) {
        return "{\"header\":{\"tenant_id\":\"" + tenant + "\",\"idempotency_key\":\"" + key + "\"},\"payload\":"
                + payload + "}";
    }

    @Test
    void repeatReturnsTheStoredResultWithoutCallingAgain() {
        int before = upstream.calls("/count");
        Reply first = gateway.client().post("/mig/v0.1/invoke/test.count", body("acme", "k1", "{\"v\":1}"));
        assertEquals(200, first.status(), first.rawBody());
        Reply second = gateway.client().post("/mig/v0.1/invoke/test.count", body("acme", "k1", "{\"v\":1}"));
        assertEquals(200, second.status(), second.rawBody());
        assertEquals(first.body().path("payload"), second.body().path("payload"));
        assertEquals(before + 1, upstream.calls("/count"));
        // a replay still answers with this request's own message id
        assertEquals(false, first.body().path("header").path("message_id")
                .equals(second.body().path("header").path("message_id")));
    }

    @Test
    void concurrentDuplicatesRunTheProviderOnce() throws Exception {
        int before = upstream.calls("/slow-count");
        List<CompletableFuture<Reply>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(gateway.client().postAsync("/mig/v0.1/invoke/test.slow-count",
                    body("acme", "k-concurrent", "{\"v\":2}")));
        }
        for (CompletableFuture<Reply> call : calls) {
            Reply reply = call.get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status(), reply.rawBody());
            assertEquals(2, reply.body().path("payload").path("echo").path("v").asInt());
        }
        assertEquals(before + 1, upstream.calls("/slow-count"));
    }

    @Test
    void sameKeyWithAnotherPayloadIsConflict() {
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/test.count", body("acme", "k-409", "{\"v\":1}"))
                .status());
        Reply conflict = gateway.client().post("/mig/v0.1/invoke/test.count", body("acme", "k-409", "{\"v\":2}"));
        assertErrorEnvelope(conflict, 409, "MIG_INVALID_REQUEST");
        assertEquals("idempotency key reused with a different payload",
                conflict.body().path("error").path("message").asText());
    }

    @Test
    void keysAreScopedByTenantAndCapability() {
        int before = upstream.calls("/count");
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/test.count", body("acme", "k-scope", "{}"))
                .status());
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/test.count", body("globex", "k-scope", "{}"))
                .status());
        assertEquals(before + 2, upstream.calls("/count"), "another tenant's key is its own");
        int slowBefore = upstream.calls("/slow-count");
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/test.slow-count",
                body("acme", "k-scope", "{\"other\":true}")).status(), "another capability's key is not a conflict");
        assertEquals(slowBefore + 1, upstream.calls("/slow-count"));
    }

    @Test
    void failuresAreNotStored() {
        Reply first = gateway.client().post("/mig/v0.1/invoke/test.fails", body("acme", "k-fail", "{}"));
        assertErrorEnvelope(first, 503, "MIG_UNAVAILABLE");
        Reply second = gateway.client().post("/mig/v0.1/invoke/test.fails", body("acme", "k-fail", "{}"));
        assertErrorEnvelope(second, 503, "MIG_UNAVAILABLE");
        assertEquals(2, upstream.calls("/fails"), "a failed first call leaves the key free for a retry");
    }
}
