package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §4: capabilities registered through the admin API, bound to real HTTP upstreams, validated both ways. */
class CapabilitiesIT {

    @RegisterExtension
    static Gateway gateway = new Gateway();

    static TestUpstream upstream;

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream()
                .echo("/echo", 1)
                .json("/bad-output", 200, "{\"summary\": 12}")
                .json("/client-error", 422, "{\"why\":\"no\"}")
                .json("/server-error", 502, "{}")
                .on("/not-json", (req, body) -> req.response().end("<html>oops</html>"));
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    private static Reply register(String id, String endpoint, String extraDescriptor) {
        String descriptor = "{\"id\":\"" + id + "\",\"version\":\"1.0.0\",\"modes\":[\"unary\"]" + extraDescriptor + "}";
        String body = "{\"descriptor\":" + descriptor + (endpoint == null ? "" : ",\"endpoint\":\"" + endpoint + "\"")
                + "}";
        return gateway.client().post("/admin/v0.1/capabilities", body);
    }

    private static Reply invoke(String id, String payload, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Tenant-ID";
        all[1] = "acme";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gateway.client().post("/mig/v0.1/invoke/" + id, payload, all);
    }

    @Test
    void adminRegisteredUpstreamIsInvokedWithTheMigContext() {
        Reply created = register("test.echo", upstream.url("/echo"), "");
        assertEquals(201, created.status(), created.rawBody());
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Reply reply = invoke("test.echo", "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"up-1\","
                + "\"idempotency_key\":\"k-up-1\",\"traceparent\":\"" + traceparent + "\"},\"payload\":{\"n\":1}}");
        assertEquals(200, reply.status(), reply.rawBody());
        assertEquals(1, reply.body().path("payload").path("echo").path("n").asInt());

        TestUpstream.Seen seen = upstream.seen().stream().filter(s -> s.path().equals("/echo")).reduce((a, b) -> b)
                .orElseThrow();
        assertEquals("{\"n\":1}", seen.body(), "the upstream receives the payload as its JSON body");
        assertEquals("acme", seen.headers().get("x-mig-tenant-id"));
        assertEquals("up-1", seen.headers().get("x-mig-message-id"));
        assertEquals("k-up-1", seen.headers().get("x-mig-idempotency-key"));
        assertEquals(traceparent, seen.headers().get("traceparent"));
    }

    @Test
    void registeredCapabilityIsListedAndDiscovered() {
        assertEquals(201, register("test.listed", upstream.url("/echo"), ",\"auth_scopes\":[\"cap:x\"]").status());
        Reply list = gateway.client().get("/admin/v0.1/capabilities");
        assertEquals(200, list.status());
        assertTrue(list.rawBody().contains("\"test.listed\""), list.rawBody());
        Reply discover = gateway.client().post("/mig/v0.1/discover", "{\"query\":\"test.listed\"}",
                "X-Tenant-ID", "acme");
        assertEquals(1, discover.body().path("capabilities").size(), discover.rawBody());
        // re-registering replaces, answered 200
        assertEquals(200, register("test.listed", upstream.url("/echo"), "").status());
    }

    @Test
    void onlyAllowedEndpointSchemesAreAccepted() {
        for (String endpoint : new String[] {"exec:/bin/sh", "file:/etc/passwd", "bean:adminCapabilities",
                "direct:cap-observatory-models-infer", "ftp://127.0.0.1/x", "http:///nohost",
                "http://user:pw@127.0.0.1/x"}) {
            Reply reply = register("test.evil", endpoint, "");
            assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
            assertEquals("endpoint", reply.body().path("error").path("details").path("field").asText(), endpoint);
        }
        Reply invoke = invoke("test.evil", "{}");
        assertErrorEnvelope(invoke, 404, "MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void routeDeclaredCapabilitiesCannotBeReplaced() {
        Reply reply = register("observatory.models.infer", upstream.url("/echo"), "");
        assertErrorEnvelope(reply, 409, "MIG_INVALID_REQUEST");
        Reply still = invoke("observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}");
        assertEquals("inferred: x", still.body().path("payload").path("result").asText());
    }

    @Test
    void invalidDescriptorsAreRefused() {
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/capabilities", "{}"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(register("no-dots-and spaces", null, ""), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(register("test.modes", null, ",\"modes\":[\"telepathy\"]"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(register("test.qos", null, ",\"qos\":{\"delivery_semantics\":\"maybe\"}"), 400,
                "MIG_INVALID_REQUEST");
        assertErrorEnvelope(register("test.topics", null, ",\"event_topics\":[\"flat\"]"), 400,
                "MIG_INVALID_REQUEST");
        assertErrorEnvelope(register("test.types", null, ",\"modes\":\"unary\""), 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void capabilityWithoutProviderIsUnavailable() {
        assertEquals(201, register("test.unbound", null, "").status());
        Reply reply = invoke("test.unbound", "{}");
        assertErrorEnvelope(reply, 503, "MIG_UNAVAILABLE");
        assertTrue(reply.body().path("error").path("message").asText().contains("no provider bound"));
    }

    @Test
    void adminSchemasValidateInputAndOutput() {
        Reply in = gateway.client().post("/admin/v0.1/schemas", "{\"uri\":\"schema://test/in/v1\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}}");
        assertEquals(201, in.status(), in.rawBody());
        assertEquals("schema://test/in/v1", in.body().path("uri").asText());
        Reply out = gateway.client().post("/admin/v0.1/schemas", "{\"uri\":\"schema://test/out/v1\",\"schema\":"
                + "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},\"required\":[\"summary\"]}}");
        assertEquals(201, out.status(), out.rawBody());

        String schemas = ",\"input_schema_uri\":\"schema://test/in/v1\",\"output_schema_uri\":\"schema://test/out/v1\"";
        assertEquals(201, register("test.checked", upstream.url("/bad-output"), schemas).status());
        Reply badInput = invoke("test.checked", MigClient.invokeBody("acme", "{\"text\": 5}"));
        assertErrorEnvelope(badInput, 400, "MIG_INVALID_REQUEST");
        assertEquals("/text", badInput.body().path("error").path("details").path("violations").get(0)
                .path("pointer").asText());
        int callsBefore = upstream.calls("/bad-output");
        Reply badOutput = invoke("test.checked", MigClient.invokeBody("acme", "{\"text\": \"t\"}"));
        assertErrorEnvelope(badOutput, 500, "MIG_INTERNAL");
        assertEquals(callsBefore + 1, upstream.calls("/bad-output"));
        assertTrue(badOutput.body().path("error").path("message").asText().contains("schema://test/out/v1"));
    }

    @Test
    void invalidJsonSchemasAreRefused() {
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"schema://test/bad/v1\",\"schema\":{\"type\":\"strin\"}}"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"schema://test/bad/v2\",\"schema\":{\"required\":\"text\"}}"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"schema://test/bad/v3\",\"schema\":[1]}"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/admin/v0.1/schemas", "{\"schema\":{}}"), 400,
                "MIG_INVALID_REQUEST");
    }

    @Test
    void schemasNeverFetchRemoteReferences() {
        Reply reply = gateway.client().post("/admin/v0.1/schemas", "{\"uri\":\"schema://test/remote/v1\",\"schema\":"
                + "{\"$ref\":\"" + upstream.url("/echo") + "\"}}");
        int before = upstream.calls("/echo");
        if (reply.status() == 201) {
            Reply invoke = invoke("observatory.models.infer", "{\"payload\":{\"input\":\"x\"}}");
            assertEquals(200, invoke.status());
        } else {
            assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
        }
        assertEquals(before, upstream.calls("/echo"), "the gateway must not fetch schema references");
    }

    @Test
    void upstreamFailuresMapToMigCodes() {
        assertEquals(201, register("test.client-error", upstream.url("/client-error"), "").status());
        Reply client = invoke("test.client-error", "{}");
        assertErrorEnvelope(client, 400, "MIG_INVALID_REQUEST");
        assertEquals(422, client.body().path("error").path("details").path("upstream_status").asInt());

        assertEquals(201, register("test.server-error", upstream.url("/server-error"), "").status());
        Reply server = invoke("test.server-error", "{}");
        assertErrorEnvelope(server, 503, "MIG_UNAVAILABLE");
        assertEquals(502, server.body().path("error").path("details").path("upstream_status").asInt());

        assertEquals(201, register("test.not-json", upstream.url("/not-json"), "").status());
        assertErrorEnvelope(invoke("test.not-json", "{}"), 503, "MIG_UNAVAILABLE");

        assertEquals(201, register("test.down", "http://127.0.0.1:1/nothing", "").status());
        Reply down = invoke("test.down", "{}");
        assertErrorEnvelope(down, 503, "MIG_UNAVAILABLE");
        assertTrue(down.body().path("error").path("retryable").asBoolean());
    }

    @Test
    void perCapabilityPayloadLimitIs413() {
        assertEquals(201, register("test.small", upstream.url("/echo"), ",\"qos\":{\"max_payload_bytes\":100}")
                .status());
        Reply small = invoke("test.small", MigClient.invokeBody("acme", "{\"a\":1}"));
        assertEquals(200, small.status(), small.rawBody());
        Reply big = invoke("test.small", MigClient.invokeBody("acme", "{\"a\":\"" + "y".repeat(200) + "\"}"));
        assertErrorEnvelope(big, 413, "MIG_INVALID_REQUEST");
        JsonNode details = big.body().path("error").path("details");
        assertEquals(100, details.path("limit_bytes").asInt());
    }
}
