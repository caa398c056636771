package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import io.migd.support.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenant isolation matrix in JWT mode: for each tenant-scoped store that exists — idempotency, cancellation, events,
 * replay, connections — tenant B can neither read nor affect tenant A.
 */
class TenantIsolationIT {

    @RegisterExtension
    static Gateway gateway = new Gateway()
            .with("migd.auth.mode", "jwt")
            .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);

    static final String A = Tokens.bearer(Tokens.valid("alice", "tenant-a", "mig:admin", "capability:infer", "cap:x"));
    static final String B = Tokens.bearer(Tokens.valid("bob", "tenant-b", "mig:admin", "capability:infer", "cap:x"));

    static TestUpstream upstream;

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream().echo("/echo", 1).slow("/slow", 1500, "{\"done\":true}");
        for (String path : new String[] {"echo", "slow"}) {
            Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"iso." + path
                    + "\",\"version\":\"1\",\"auth_scopes\":[\"cap:x\"]},\"endpoint\":\"" + upstream.url("/" + path)
                    + "\"}", "Authorization", A);
            assertEquals(201, reply.status(), reply.rawBody());
        }
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    @Test
    void idempotencyKeysDoNotCross() {
        String body = "{\"header\":{\"idempotency_key\":\"same-key\"},\"payload\":{\"who\":\"a\"}}";
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/iso.echo", body, "Authorization", A).status());
        int calls = upstream.calls("/echo");
        Reply b = gateway.client().post("/mig/v0.1/invoke/iso.echo",
                "{\"header\":{\"idempotency_key\":\"same-key\"},\"payload\":{\"who\":\"b\"}}", "Authorization", B);
        assertEquals(200, b.status(), "B's key is B's own, no conflict with A: " + b.rawBody());
        assertEquals("b", b.body().path("payload").path("echo").path("who").asText(), "B never gets A's result");
        assertEquals(calls + 1, upstream.calls("/echo"));
    }

    @Test
    void cancellationDoesNotCross() throws Exception {
        CompletableFuture<Reply> running = gateway.client().postAsync("/mig/v0.1/invoke/iso.slow",
                "{\"header\":{\"message_id\":\"iso-run-1\"},\"payload\":{}}", "Authorization", A);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (upstream.calls("/slow") < 1 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        Reply cancel = gateway.client().post("/mig/v0.1/cancel/iso-run-1", "{}", "Authorization", B);
        assertEquals("not_found", cancel.body().path("status").asText());
        assertEquals(200, running.get(5, TimeUnit.SECONDS).status());
        // and B's tombstone for that id does not refuse A's later invocation
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"message_id\":\"iso-run-1\"},\"payload\":{\"input\":\"x\"}}", "Authorization", A)
                .status());
    }

    @Test
    void eventsAndReplayDoNotCross() throws Exception {
        assertEquals(1, gateway.client().post("/mig/v0.1/publish/iso.topic", "{\"payload\":{\"secret\":\"a1\"}}",
                "Authorization", A).body().path("sequence").asInt());
        assertEquals(1, gateway.client().post("/mig/v0.1/publish/iso.topic", "{\"payload\":{\"secret\":\"b1\"}}",
                "Authorization", B).body().path("sequence").asInt(), "B's topic has its own sequence");
        String replayB = firstEvent("/mig/v0.1/subscribe/iso.topic?resume_cursor=0", B);
        assertTrue(replayB.contains("\"b1\""), replayB);
        assertFalse(replayB.contains("\"a1\""), replayB);
        // B cannot subscribe as A
        assertErrorEnvelope(gateway.client().get("/mig/v0.1/subscribe/iso.topic", "Authorization", B,
                "X-Tenant-ID", "tenant-a"), 403, "MIG_FORBIDDEN");
        // nor publish into A's topic
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/publish/iso.topic",
                "{\"header\":{\"tenant_id\":\"tenant-a\"},\"payload\":{}}", "Authorization", B), 403, "MIG_FORBIDDEN");
        assertEquals(1, gateway.camelContext().getRegistry().lookupByNameAndType("eventHub",
                io.migd.events.EventHub.class).lastSequence("tenant-a", "iso.topic"));
    }

    @Test
    void connectionsDoNotCross() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.base() + "/mig/v0.1/subscribe/iso.watch"))
                .header("Authorization", A).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<java.io.InputStream> stream = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertEquals(200, stream.statusCode());
            Reply mine = gateway.client().get("/admin/v0.1/connections", "Authorization", A);
            assertEquals(1, mine.body().path("summary").path("total").asInt(), mine.rawBody());
            Reply theirs = gateway.client().get("/admin/v0.1/connections", "Authorization", B);
            assertEquals(0, theirs.body().path("summary").path("total").asInt(), "B must not see A's connections");
            assertErrorEnvelope(gateway.client().get("/admin/v0.1/connections?tenant_id=tenant-a",
                    "Authorization", B), 403, "MIG_FORBIDDEN");
        } finally {
            stream.body().close();
        }
    }

    @Test
    void browsersMaySubscribeWithQueryCredentials() throws Exception {
        gateway.client().post("/mig/v0.1/publish/iso.browser", "{\"payload\":{\"for\":\"a\"}}", "Authorization", A);
        String token = A.substring("Bearer ".length());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> anonymous = http.send(HttpRequest.newBuilder(URI.create(gateway.base()
                + "/mig/v0.1/subscribe/iso.browser?resume_cursor=0")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(401, anonymous.statusCode());
        anonymous.body().close();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.base()
                + "/mig/v0.1/subscribe/iso.browser?resume_cursor=0&token=" + token)).timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null && !line.startsWith("data: ")) {
                // skip to the first event
            }
            assertTrue(line != null && line.contains("\"for\":\"a\""), String.valueOf(line));
        }
    }

    private static String firstEvent(String path, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .header("Authorization", token).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    return line;
                }
            }
        }
        return "";
    }
}
