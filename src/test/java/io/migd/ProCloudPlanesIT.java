package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.util.List;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §9 Pro and Cloud planes in open mode: policies, quotas enforced on every invocation path, usage, cloud. */
class ProCloudPlanesIT {

    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";

    @RegisterExtension
    static Gateway gateway = new Gateway();

    private static MigClient client() {
        return gateway.client();
    }

    private static Reply invoke(String tenant, String idempotencyKey, String input) {
        String key = idempotencyKey == null ? "" : ",\"idempotency_key\":\"" + idempotencyKey + "\"";
        return client().post(INVOKE, "{\"header\":{\"tenant_id\":\"" + tenant + "\"" + key + "},\"payload\":{\"input\":\""
                + input + "\"}}", "X-Tenant-ID", tenant);
    }

    private static Reply validate(String tenant, String capability, String action) {
        return client().post("/pro/v0.1/policies/validate", "{\"tenant_id\":\"" + tenant + "\",\"capability\":\""
                + capability + "\",\"action\":\"" + action + "\"}");
    }

    @Test
    void policiesAnswerWhetherAnActionWouldBeAllowed() {
        Reply allowed = validate("acme", "observatory.models.infer", "invoke");
        assertEquals(200, allowed.status(), allowed.rawBody());
        assertTrue(allowed.body().path("allowed").asBoolean());
        assertTrue(allowed.body().path("reason").isTextual());
        assertTrue(validate("acme", "observatory.models.infer", "stream").body().path("allowed").asBoolean());
        Reply unknown = validate("acme", "no.such.capability", "invoke");
        assertEquals(200, unknown.status());
        assertFalse(unknown.body().path("allowed").asBoolean());
        assertTrue(unknown.body().path("reason").asText().contains("unknown capability"), unknown.rawBody());
        assertErrorEnvelope(validate("acme", "observatory.models.infer", "delete"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/pro/v0.1/policies/validate", "{\"capability\":\"a.b\",\"action\":\"invoke\"}"),
                400, "MIG_INVALID_REQUEST");
    }

    @Test
    void aQuotaIsEnforcedOnEveryInvocationPathAndReplaysDoNotCount() throws Exception {
        Reply set = client().post("/pro/v0.1/quotas", "{\"tenant_id\":\"quota-a\",\"max_invocations\":2}");
        assertEquals(200, set.status(), set.rawBody());
        assertEquals(2, set.body().path("max_invocations").asInt());
        assertEquals(0, set.body().path("used").asInt());

        assertEquals(200, invoke("quota-a", "k1", "one").status());
        assertEquals(200, invoke("quota-a", null, "two").status());
        Reply refused = invoke("quota-a", null, "three");
        assertErrorEnvelope(refused, 429, "MIG_RATE_LIMITED");
        assertTrue(refused.body().path("error").path("retryable").asBoolean());
        // an idempotent replay executes nothing: it is served and not counted
        assertEquals(200, invoke("quota-a", "k1", "one").status());
        assertFalse(validate("quota-a", "observatory.models.infer", "invoke").body().path("allowed").asBoolean());

        // the streaming paths enforce the same quota
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "quota-a")) {
            ws.send("{\"kind\":\"request\",\"stream_id\":\"q\",\"capability\":\"observatory.models.infer\","
                    + "\"payload\":{\"input\":\"x\"}}");
            JsonNode frame = ws.next(5000);
            assertEquals("error", frame.path("kind").asText(), frame.toString());
            assertEquals("MIG_RATE_LIMITED", frame.path("error").path("code").asText(), frame.toString());
        }
        Reply sse = client().send(client().request(INVOKE, "X-Tenant-ID", "quota-a")
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"payload\":{\"input\":\"x\"}}")).build());
        assertErrorEnvelope(sse, 429, "MIG_RATE_LIMITED");
        Reply collected = client().post(INVOKE, "{\"stream_preference\":\"server_stream\",\"payload\":{\"input\":\"x\"}}",
                "X-Tenant-ID", "quota-a");
        assertErrorEnvelope(collected, 429, "MIG_RATE_LIMITED");

        // other tenants are not limited; raising the quota lets one more through
        assertEquals(200, invoke("quota-b", null, "free").status());
        assertEquals(200, client().post("/pro/v0.1/quotas", "{\"tenant_id\":\"quota-a\",\"max_invocations\":3}").status());
        assertEquals(200, invoke("quota-a", null, "four").status());
        assertErrorEnvelope(invoke("quota-a", null, "five"), 429, "MIG_RATE_LIMITED");
        assertErrorEnvelope(client().post("/pro/v0.1/quotas", "{\"tenant_id\":\"quota-a\",\"max_invocations\":-1}"),
                400, "MIG_INVALID_REQUEST");
    }

    @Test
    void usageCountsExecutionsNotReplaysOrFailures() {
        assertEquals(200, invoke("usage-a", "u1", "x").status());
        assertEquals(200, invoke("usage-a", "u1", "x").status());
        assertEquals(200, invoke("usage-a", null, "y").status());
        assertEquals(400, client().post(INVOKE, "{\"payload\":{\"wrong\":1}}", "X-Tenant-ID", "usage-a").status());
        assertEquals(200, invoke("usage-b", null, "z").status());

        Reply mine = client().get("/cloud/v0.1/usage?tenant_id=usage-a");
        assertEquals(200, mine.status(), mine.rawBody());
        assertEquals(2, mine.body().path("total_invocations").asInt(), mine.rawBody());
        assertEquals(2, mine.body().path("tenant_invocations").path("usage-a").asInt());
        assertEquals(2, mine.body().path("capability_invocations").path("observatory.models.infer").asInt());
        assertFalse(mine.body().path("tenant_invocations").has("usage-b"), mine.rawBody());

        Reply all = client().get("/cloud/v0.1/usage");
        assertEquals(1, all.body().path("tenant_invocations").path("usage-b").asInt(), all.rawBody());
        assertTrue(all.body().path("total_invocations").asInt() >= 3);
    }

    @Test
    void cloudOrgsTenantsAndGatewaysWithNotFoundForUnknownParents() {
        Reply org = client().post("/cloud/v0.1/orgs", "{\"name\":\"Acme\"}");
        assertEquals(201, org.status(), org.rawBody());
        assertEquals("Acme", org.body().path("name").asText());
        String orgId = org.body().path("id").asText();
        assertFalse(orgId.isEmpty());

        Reply tenant = client().post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId + "\",\"name\":\"Acme Prod\"}");
        assertEquals(201, tenant.status(), tenant.rawBody());
        assertEquals(orgId, tenant.body().path("org_id").asText());
        assertEquals("Acme Prod", tenant.body().path("name").asText());
        String tenantId = tenant.body().path("id").asText();

        Reply gw = client().post("/cloud/v0.1/gateways", "{\"tenant_id\":\"" + tenantId
                + "\",\"region\":\"us-east-1\",\"binding\":\"http\"}");
        assertEquals(201, gw.status(), gw.rawBody());
        assertEquals(tenantId, gw.body().path("tenant_id").asText());
        assertEquals("us-east-1", gw.body().path("region").asText());
        assertEquals("http", gw.body().path("binding").asText());
        assertFalse(gw.body().path("id").asText().isEmpty());

        assertErrorEnvelope(client().post("/cloud/v0.1/tenants", "{\"org_id\":\"org-missing\",\"name\":\"x\"}"),
                404, "MIG_NOT_FOUND");
        assertErrorEnvelope(client().post("/cloud/v0.1/gateways",
                "{\"tenant_id\":\"tenant-missing\",\"region\":\"eu\",\"binding\":\"http\"}"), 404, "MIG_NOT_FOUND");
        for (String bad : List.of("{}", "{\"name\":\"\"}", "[1]")) {
            assertErrorEnvelope(client().post("/cloud/v0.1/orgs", bad), 400, "MIG_INVALID_REQUEST");
        }
        assertErrorEnvelope(client().post("/cloud/v0.1/gateways", "{\"tenant_id\":\"" + tenantId
                + "\",\"region\":\"us-east-1\",\"binding\":\"smoke-signals\"}"), 400, "MIG_INVALID_REQUEST");
        Reply named = client().post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId
                + "\",\"name\":\"Named\",\"tenant_id\":\"named-tenant\"}");
        assertEquals("named-tenant", named.body().path("id").asText(), named.rawBody());
        assertEquals(409, client().post("/cloud/v0.1/tenants", "{\"org_id\":\"" + orgId
                + "\",\"name\":\"Again\",\"tenant_id\":\"named-tenant\"}").status());
    }
}
