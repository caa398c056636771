package io.migd;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.auth.AuthDecisions;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §3 JWT mode and the authorization rules of the security issue, against a started gateway. */
class JwtSecurityIT {

    @RegisterExtension
    static Gateway gateway = new Gateway()
            .with("migd.auth.mode", "jwt")
            .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);

    private static final String HELLO = "{\"supported_versions\":[\"0.1\"]}";

    private static Reply hello(String authorization, String... more) {
        List<String> headers = new ArrayList<>(List.of(more));
        if (authorization != null) {
            headers.add("Authorization");
            headers.add(authorization);
        }
        return gateway.client().post("/mig/v0.1/hello", HELLO, headers.toArray(String[]::new));
    }

    private static long now() {
        return System.currentTimeMillis();
    }

    @Test
    void validTokenIsAcceptedAndTenantComesFromTheClaim() {
        Reply reply = hello(Tokens.bearer(Tokens.valid("alice", "acme", "capability:infer")));
        assertEquals(200, reply.status(), reply.rawBody());
        assertEquals("acme", reply.body().path("header").path("tenant_id").asText());
        assertEquals("alice", reply.body().path("header").path("meta").path("idg.principal_subject").asText());
        Reply viaTenantClaim = hello(Tokens.bearer(Tokens.hs256(Tokens.SECRET, Map.of("sub", "bob", "tenant", "globex"))));
        assertEquals("globex", viaTenantClaim.body().path("header").path("tenant_id").asText());
    }

    @Test
    void everyBadTokenIs401() {
        Map<String, String> cases = Map.of(
                "no token", "",
                "not a JWT", "Bearer not.a.jwt",
                "bad signature", Tokens.bearer(Tokens.hs256("another-secret-that-is-32-bytes-long!!",
                        Map.of("sub", "x", "tenant_id", "acme"))),
                "alg none", Tokens.bearer(Tokens.none("{\"sub\":\"x\",\"tenant_id\":\"acme\"}")),
                "HS384", Tokens.bearer(Tokens.hs384(Tokens.SECRET, Map.of("sub", "x", "tenant_id", "acme"))),
                "expired", Tokens.bearer(Tokens.hs256(Tokens.SECRET, Map.of("sub", "x", "tenant_id", "acme",
                        "exp", new Date(now() - 120_000)))),
                "not yet valid", Tokens.bearer(Tokens.hs256(Tokens.SECRET, Map.of("sub", "x", "tenant_id", "acme",
                        "nbf", new Date(now() + 120_000)))),
                "no tenant claim", Tokens.bearer(Tokens.hs256(Tokens.SECRET, Map.of("sub", "x"))),
                "basic auth", "Basic YWxhZGRpbjpvcGVuc2VzYW1l");
        cases.forEach((name, authorization) -> {
            Reply reply = hello(authorization.isEmpty() ? null : authorization, "X-Tenant-ID", "acme");
            assertErrorEnvelope(reply, 401, "MIG_UNAUTHORIZED");
            assertTrue(reply.body().path("error").path("details").path("reason").isTextual(), name);
        });
    }

    @Test
    void clockSkewIsTolerated() {
        String recentlyExpired = Tokens.hs256(Tokens.SECRET, Map.of("sub", "x", "tenant_id", "acme",
                "exp", new Date(now() - 10_000), "nbf", new Date(now() + 10_000)));
        assertEquals(200, hello(Tokens.bearer(recentlyExpired)).status(), "within the default 30 s skew");
    }

    @Test
    void tenantMismatchIs403() {
        String token = Tokens.bearer(Tokens.valid("alice", "acme"));
        assertErrorEnvelope(hello(token, "X-Tenant-ID", "globex"), 403, "MIG_FORBIDDEN");
        Reply bodyMismatch = gateway.client().post("/mig/v0.1/hello", "{\"header\":{\"tenant_id\":\"globex\"}}",
                "Authorization", token);
        assertErrorEnvelope(bodyMismatch, 403, "MIG_FORBIDDEN");
        assertEquals(200, hello(token, "X-Tenant-ID", "acme").status());
    }

    @Test
    void discoverIsFilteredByScopesAndInvokeNeedsOne() {
        String withScope = Tokens.bearer(Tokens.valid("alice", "acme", "capability:infer"));
        String without = Tokens.bearer(Tokens.valid("bob", "acme", "something:else"));
        Reply visible = gateway.client().post("/mig/v0.1/discover", "{}", "Authorization", withScope);
        assertTrue(visible.rawBody().contains("observatory.models.infer"), visible.rawBody());
        Reply hidden = gateway.client().post("/mig/v0.1/discover", "{}", "Authorization", without);
        assertEquals(200, hidden.status());
        assertTrue(!hidden.rawBody().contains("observatory.models.infer"), hidden.rawBody());

        String invoke = MigClient.invokeBody("acme", "{\"input\":\"x\"}");
        assertEquals(200, gateway.client().post("/mig/v0.1/invoke/observatory.models.infer", invoke,
                "Authorization", withScope).status());
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/invoke/observatory.models.infer", invoke,
                "Authorization", without), 403, "MIG_FORBIDDEN");
        Reply scopesArray = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer", invoke,
                "Authorization", Tokens.bearer(Tokens.hs256(Tokens.SECRET, Map.of("sub", "c", "tenant_id", "acme",
                        "scopes", List.of("a", "capability:infer")))));
        assertEquals(200, scopesArray.status(), "scopes may come as an array");
    }

    @Test
    void adminPlaneNeedsTheAdminScope() {
        String user = Tokens.bearer(Tokens.valid("bob", "acme", "capability:infer"));
        String admin = Tokens.bearer(Tokens.valid("root", "acme", "mig:admin"));
        assertErrorEnvelope(gateway.client().get("/admin/v0.1/capabilities"), 401, "MIG_UNAUTHORIZED");
        assertErrorEnvelope(gateway.client().get("/admin/v0.1/capabilities", "Authorization", user), 403,
                "MIG_FORBIDDEN");
        assertEquals(200, gateway.client().get("/admin/v0.1/capabilities", "Authorization", admin).status());
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"schema://x/y\",\"schema\":{}}", "Authorization", user), 403, "MIG_FORBIDDEN");
        assertEquals(201, gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"schema://x/y\",\"schema\":{}}", "Authorization", admin).status());
        // an admin sees its own tenant's connections only
        assertErrorEnvelope(gateway.client().get("/admin/v0.1/connections?tenant_id=globex", "Authorization", admin),
                403, "MIG_FORBIDDEN");
        assertEquals(200, gateway.client().get("/admin/v0.1/connections?tenant_id=acme", "Authorization", admin)
                .status());
    }

    @Test
    void denialsAreCounted() {
        MeterRegistry meters = gateway.camelContext().getRegistry().lookupByNameAndType("metricsRegistry",
                MeterRegistry.class);
        double before = count(meters, "missing_token");
        hello(null, "X-Tenant-ID", "acme");
        hello(null, "X-Tenant-ID", "acme");
        assertEquals(before + 2, count(meters, "missing_token"), 0.0001);
    }

    private static double count(MeterRegistry meters, String reason) {
        Counter counter = meters.find(AuthDecisions.DENIALS_METRIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}
