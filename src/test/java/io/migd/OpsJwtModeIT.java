package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JWT mode for the operations surface (mig-spec §3): Pro and Cloud need mig:admin and act for the token's own tenant
 * only; the developer console needs mig:admin; metrics, the console page and health are served without a token.
 */
class OpsJwtModeIT {

    @RegisterExtension
    static Gateway gateway = new Gateway()
            .with("migd.auth.mode", "jwt")
            .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);

    private static final String ACME_ADMIN = Tokens.bearer(Tokens.valid("ann", "acme", "mig:admin", "capability:infer"));
    private static final String GLOBEX_ADMIN = Tokens.bearer(Tokens.valid("gil", "globex", "mig:admin",
            "capability:infer"));
    private static final String ACME_USER = Tokens.bearer(Tokens.valid("uma", "acme", "capability:infer"));

    private static MigClient client() {
        return gateway.client();
    }

    private static Reply post(String path, String body, String authorization) {
        return authorization == null ? client().post(path, body) : client().post(path, body, "Authorization",
                authorization);
    }

    private static Reply get(String path, String authorization) {
        return authorization == null ? client().get(path) : client().get(path, "Authorization", authorization);
    }

    @Test
    void metricsTheConsolePageAndHealthNeedNoToken() {
        assertEquals(200, get("/metrics", null).status());
        assertEquals(200, get("/ui", null).status());
        assertEquals(200, get("/observe/health", null).status());
        assertEquals(200, get("/observe/health/ready", null).status());
    }

    @Test
    void theDeveloperConsoleNeedsTheAdminScope() {
        assertErrorEnvelope(get("/q/dev/route", null), 401, "MIG_UNAUTHORIZED");
        assertErrorEnvelope(get("/q/dev/route", ACME_USER), 403, "MIG_FORBIDDEN");
        Reply admin = client().get("/q/dev/route", "Authorization", ACME_ADMIN, "Accept", "application/json");
        assertEquals(200, admin.status(), admin.rawBody());
        assertTrue(admin.rawBody().contains("bind-http-invoke"));
    }

    @Test
    void proAndCloudNeedATokenWithTheAdminScope() {
        List<String[]> calls = List.of(
                new String[] {"/pro/v0.1/policies/validate",
                        "{\"tenant_id\":\"acme\",\"capability\":\"observatory.models.infer\",\"action\":\"invoke\"}"},
                new String[] {"/pro/v0.1/quotas", "{\"tenant_id\":\"acme\",\"max_invocations\":100}"},
                new String[] {"/cloud/v0.1/orgs", "{\"name\":\"Acme\"}"});
        for (String[] call : calls) {
            assertErrorEnvelope(post(call[0], call[1], null), 401, "MIG_UNAUTHORIZED");
            assertErrorEnvelope(post(call[0], call[1], ACME_USER), 403, "MIG_FORBIDDEN");
            Reply ok = post(call[0], call[1], ACME_ADMIN);
            assertTrue(ok.status() == 200 || ok.status() == 201, call[0] + " " + ok.rawBody());
        }
        assertErrorEnvelope(get("/pro/v0.1/audit/export?tenant_id=acme", null), 401, "MIG_UNAUTHORIZED");
        assertErrorEnvelope(get("/cloud/v0.1/usage", ACME_USER), 403, "MIG_FORBIDDEN");
    }

    @Test
    void anAdminActsForItsOwnTenantOnly() {
        assertErrorEnvelope(post("/pro/v0.1/policies/validate",
                "{\"tenant_id\":\"globex\",\"capability\":\"observatory.models.infer\",\"action\":\"invoke\"}",
                ACME_ADMIN), 403, "MIG_FORBIDDEN");
        assertErrorEnvelope(post("/pro/v0.1/quotas", "{\"tenant_id\":\"globex\",\"max_invocations\":0}", ACME_ADMIN),
                403, "MIG_FORBIDDEN");
        assertErrorEnvelope(get("/pro/v0.1/audit/export?tenant_id=globex", ACME_ADMIN), 403, "MIG_FORBIDDEN");
        assertErrorEnvelope(get("/cloud/v0.1/usage?tenant_id=globex", ACME_ADMIN), 403, "MIG_FORBIDDEN");
        assertErrorEnvelope(post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"globex\",\"region\":\"eu\",\"binding\":\"http\"}", ACME_ADMIN), 403, "MIG_FORBIDDEN");

        // each tenant sees only its own audit records and usage
        String invoke = "{\"payload\":{\"input\":\"x\"}}";
        assertEquals(200, post("/mig/v0.1/invoke/observatory.models.infer", invoke, ACME_USER).status());
        assertEquals(200, post("/mig/v0.1/invoke/observatory.models.infer", invoke, GLOBEX_ADMIN).status());
        Reply audit = get("/pro/v0.1/audit/export", ACME_ADMIN);
        assertEquals(200, audit.status(), audit.rawBody());
        assertFalse(audit.body().path("records").isEmpty());
        audit.body().path("records").forEach(r -> assertEquals("acme", r.path("tenant_id").asText(), r.toString()));
        Reply usage = get("/cloud/v0.1/usage", GLOBEX_ADMIN);
        assertEquals(List.of("globex"), names(usage.body().path("tenant_invocations").fieldNames()), usage.rawBody());

        // cloud records: a tenant admin registers its own tenant, and never sees another tenant's org
        Reply org = post("/cloud/v0.1/orgs", "{\"name\":\"Acme\"}", ACME_ADMIN);
        String orgId = org.body().path("id").asText();
        assertErrorEnvelope(post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId + "\",\"name\":\"G\"}", GLOBEX_ADMIN),
                404, "MIG_NOT_FOUND");
        assertErrorEnvelope(post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId
                + "\",\"name\":\"G\",\"tenant_id\":\"globex\"}", ACME_ADMIN), 403, "MIG_FORBIDDEN");
        Reply tenant = post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId + "\",\"name\":\"Acme Prod\"}", ACME_ADMIN);
        assertEquals(201, tenant.status(), tenant.rawBody());
        assertEquals("acme", tenant.body().path("id").asText());
        Reply gw = post("/cloud/v0.1/gateways", "{\"tenant_id\":\"acme\",\"region\":\"eu-west-1\",\"binding\":\"grpc\"}",
                ACME_ADMIN);
        assertEquals(201, gw.status(), gw.rawBody());
    }

    @Test
    void theSelfCheckRunsWithItsOwnTokenInJwtMode() {
        Reply health = get("/admin/v0.1/health/conformance", ACME_ADMIN);
        assertEquals(200, health.status(), health.rawBody());
        for (String level : List.of("core", "streaming", "evented", "full")) {
            assertTrue(health.body().path(level).asBoolean(), level + ": " + health.rawBody());
        }
    }

    private static List<String> names(java.util.Iterator<String> iterator) {
        List<String> out = new java.util.ArrayList<>();
        iterator.forEachRemaining(out::add);
        return out;
    }
}
