package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §1–§3 over HTTP: envelope normalisation, the error model on every failure path, tenant resolution. */
class EnvelopeAndErrorsIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.http.max-body-bytes", "4096");

    private static final String ACME = "X-Tenant-ID";

    private MigClient client() {
        return gateway.client();
    }

    /** Every error is the MIG error envelope: header, error.code/message/retryable/details, and no stack trace. */
    static void assertErrorEnvelope(Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply.rawBody());
        assertNotNull(reply.body(), "error body must be JSON: " + reply.rawBody());
        assertEquals(code, reply.errorCode(), reply.rawBody());
        JsonNode error = reply.body().path("error");
        assertTrue(error.path("message").isTextual());
        assertTrue(error.path("retryable").isBoolean());
        assertTrue(error.path("details").isObject());
        assertEquals("0.1", reply.body().path("header").path("mig_version").asText());
        assertTrue(reply.body().path("header").path("message_id").asText().length() > 0);
        assertFalse(reply.rawBody().contains("Exception"), reply.rawBody());
        assertFalse(reply.rawBody().contains("\tat "), reply.rawBody());
        assertTrue(reply.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    }

    @Test
    void missingHeaderFieldsAreFilledAndEchoed() {
        Reply reply = client().post("/mig/v0.1/hello", "{}", ACME, "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        JsonNode header = reply.body().path("header");
        assertEquals("0.1", header.path("mig_version").asText());
        assertTrue(header.path("message_id").asText().length() >= 32, header.toString());
        assertTrue(header.path("timestamp").asText().endsWith("Z"), header.toString());
        assertEquals("acme", header.path("tenant_id").asText());
        assertEquals("anonymous", header.path("meta").path("idg.principal_subject").asText());
    }

    @Test
    void requestIdentifiersAreEchoed() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Reply reply = client().post("/mig/v0.1/discover", "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-42\","
                + "\"session_id\":\"s-1\",\"traceparent\":\"" + traceparent + "\",\"meta\":{\"k\":\"v\","
                + "\"idg.principal_subject\":\"spoofed\"}}}", ACME, "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        JsonNode header = reply.body().path("header");
        assertEquals("m-42", header.path("message_id").asText());
        assertEquals("s-1", header.path("session_id").asText());
        assertEquals(traceparent, header.path("traceparent").asText());
        assertEquals("v", header.path("meta").path("k").asText(), "unknown meta keys are kept");
        assertEquals("anonymous", header.path("meta").path("idg.principal_subject").asText(),
                "idg.* keys are the gateway's, a client cannot set them");
    }

    @Test
    void otherVersionIsVersionMismatch() {
        Reply reply = client().post("/mig/v0.1/hello", "{\"header\":{\"mig_version\":\"0.2\"}}", ACME, "acme");
        assertErrorEnvelope(reply, 400, "MIG_VERSION_MISMATCH");
        Reply hello = client().post("/mig/v0.1/hello", "{\"supported_versions\":[\"0.2\",\"1.0\"]}", ACME, "acme");
        assertErrorEnvelope(hello, 400, "MIG_VERSION_MISMATCH");
    }

    @Test
    void malformedJsonIsInvalidRequest() {
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"header\":", ACME, "acme"), 400,
                "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "[1,2]", ACME, "acme"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{} {}", ACME, "acme"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"a\":1,\"a\":2}", ACME, "acme"), 400,
                "MIG_INVALID_REQUEST");
    }

    @Test
    void emptyBodyIsInvalidRequest() {
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "", ACME, "acme"), 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void wrongContentTypeIsInvalidRequest() {
        Reply reply = client().send(client().request("/mig/v0.1/hello", ACME, "acme")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
        assertEquals("Content-Type", reply.body().path("error").path("details").path("field").asText());
    }

    @Test
    void bodyOverTheGatewayLimitIs413() {
        String big = "{\"payload\":{\"input\":\"" + "x".repeat(5000) + "\"}}";
        assertErrorEnvelope(client().post("/mig/v0.1/invoke/observatory.models.infer", big, ACME, "acme"), 413,
                "MIG_INVALID_REQUEST");
        // and the gateway keeps serving
        assertEquals(200, client().post("/mig/v0.1/hello", "{}", ACME, "acme").status());
    }

    @Test
    void unknownPathAndWrongMethodAnswerInTheEnvelope() {
        assertErrorEnvelope(client().get("/mig/v0.1/nothing-here"), 404, "MIG_NOT_FOUND");
        Reply wrongMethod = client().get("/mig/v0.1/hello", ACME, "acme");
        assertErrorEnvelope(wrongMethod, 405, "MIG_INVALID_REQUEST");
        assertEquals("POST", wrongMethod.headers().firstValue("allow").orElse(""));
    }

    @Test
    void unknownCapabilityIsUnsupported() {
        Reply reply = client().post("/mig/v0.1/invoke/no.such.capability", MigClient.invokeBody("acme", "{}"),
                ACME, "acme");
        assertErrorEnvelope(reply, 404, "MIG_UNSUPPORTED_CAPABILITY");
    }

    @Test
    void capabilityInBodyMustMatchThePath() {
        Reply reply = client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"capability\":\"other.cap\",\"payload\":{\"input\":\"x\"}}", ACME, "acme");
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void schemaViolationNamesThePointer() {
        Reply reply = client().post("/mig/v0.1/invoke/observatory.models.infer",
                MigClient.invokeBody("acme", "{\"input\": 42}"), ACME, "acme");
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
        JsonNode violations = reply.body().path("error").path("details").path("violations");
        assertTrue(violations.isArray() && violations.size() >= 1, reply.rawBody());
        assertEquals("/input", violations.get(0).path("pointer").asText(), reply.rawBody());

        Reply missing = client().post("/mig/v0.1/invoke/observatory.models.infer",
                MigClient.invokeBody("acme", "{}"), ACME, "acme");
        assertErrorEnvelope(missing, 400, "MIG_INVALID_REQUEST");
        assertEquals("/input", missing.body().path("error").path("details").path("violations").get(0)
                .path("pointer").asText());
    }

    @Test
    void badHeaderFieldsAreInvalid() {
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"header\":{\"deadline_ms\":0}}", ACME, "acme"),
                400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"header\":{\"deadline_ms\":\"soon\"}}", ACME,
                "acme"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"header\":{\"tenant_id\":7}}", ACME, "acme"),
                400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(client().post("/mig/v0.1/hello", "{\"header\":\"x\"}", ACME, "acme"),
                400, "MIG_INVALID_REQUEST");
    }

    @Test
    void tenantIsRequired() {
        Reply reply = client().post("/mig/v0.1/hello", "{}");
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
        assertEquals("tenant_id is required", reply.body().path("error").path("message").asText());
    }

    @Test
    void tenantFromHeaderOrBodyAndMismatchIsForbidden() {
        Reply fromBody = client().post("/mig/v0.1/hello", "{\"header\":{\"tenant_id\":\"globex\"}}");
        assertEquals(200, fromBody.status(), fromBody.rawBody());
        assertEquals("globex", fromBody.body().path("header").path("tenant_id").asText());

        Reply mismatch = client().post("/mig/v0.1/hello", "{\"header\":{\"tenant_id\":\"globex\"}}", ACME, "acme");
        assertErrorEnvelope(mismatch, 403, "MIG_FORBIDDEN");
    }

    @Test
    void unsafeTenantIdsAreRefused() {
        for (String tenant : new String[] {"a.b", "a*", "a>", "a b", "../etc"}) {
            Reply reply = client().post("/mig/v0.1/hello",
                    "{\"header\":{\"tenant_id\":" + MigClient.JSON.valueToTree(tenant) + "}}");
            assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
        }
    }

    @Test
    void responsesDoNotEchoRequestHeaders() {
        Reply reply = client().post("/mig/v0.1/hello", "{}", ACME, "acme", "Authorization", "Bearer secret-ish");
        assertEquals(200, reply.status());
        assertTrue(reply.headers().firstValue("authorization").isEmpty());
        assertTrue(reply.headers().firstValue("x-tenant-id").isEmpty());
    }
}
