package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Await;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import io.migd.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mig-spec §5.3 / §10 audit: one record per invocation outcome — success, replay and each kind of failure — from every
 * binding, in the export (tenant-scoped) and, identically, in the JSON-lines file.
 */
class AuditIT {

    private static final Path AUDIT_FILE = tempFile();
    private static final String TRACEPARENT = "00-11112222333344445555666677778888-1111222233334444-01";
    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.audit.log-path", AUDIT_FILE.toString());

    static TestUpstream upstream;

    @BeforeAll
    static void slowCapability() throws Exception {
        upstream = new TestUpstream().slow("/slow", 5000, "{\"late\":true}");
        Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"audit.slow\","
                + "\"version\":\"1\"},\"endpoint\":\"" + upstream.url("/slow") + "\"}");
        assertEquals(201, reply.status(), reply.rawBody());
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    private static Reply invoke(String path, String messageId, String extraHeader, String payload) {
        return gateway.client().post(path, "{\"header\":{\"tenant_id\":\"audit-a\",\"message_id\":\"" + messageId
                + "\",\"traceparent\":\"" + TRACEPARENT + "\"" + extraHeader + "},\"payload\":" + payload + "}",
                "X-Tenant-ID", "audit-a");
    }

    @Test
    void everyOutcomeOfEveryBindingIsAuditedOnceInTheExportAndTheFile() throws Exception {
        Map<String, String> expected = new HashMap<>();
        assertEquals(200, invoke(INVOKE, "au-ok", "", "{\"input\":\"x\"}").status());
        expected.put("au-ok", "success");
        assertEquals(200, invoke(INVOKE, "au-idem-1", ",\"idempotency_key\":\"k1\"", "{\"input\":\"x\"}").status());
        assertEquals(200, invoke(INVOKE, "au-idem-2", ",\"idempotency_key\":\"k1\"", "{\"input\":\"x\"}").status());
        expected.put("au-idem-1", "success");
        expected.put("au-idem-2", "replayed");
        assertEquals(409, invoke(INVOKE, "au-conflict", ",\"idempotency_key\":\"k1\"", "{\"input\":\"y\"}").status());
        expected.put("au-conflict", "error:MIG_INVALID_REQUEST");
        assertEquals(400, invoke(INVOKE, "au-schema", "", "{\"wrong\":1}").status());
        expected.put("au-schema", "error:MIG_INVALID_REQUEST");
        assertEquals(404, invoke("/mig/v0.1/invoke/audit.missing", "au-unknown", "", "{}").status());
        expected.put("au-unknown", "error:MIG_UNSUPPORTED_CAPABILITY");
        assertEquals(504, invoke("/mig/v0.1/invoke/audit.slow", "au-deadline", ",\"deadline_ms\":200", "{}")
                .status());
        expected.put("au-deadline", "error:MIG_TIMEOUT");

        CompletableFuture<Reply> cancelled = gateway.client().postAsync("/mig/v0.1/invoke/audit.slow",
                "{\"header\":{\"tenant_id\":\"audit-a\",\"message_id\":\"au-cancel\"},\"payload\":{}}",
                "X-Tenant-ID", "audit-a");
        Await.until(() -> upstream.calls("/slow") >= 2, Duration.ofSeconds(5), () -> "the slow call never started");
        assertEquals(200, gateway.client().post("/mig/v0.1/cancel/au-cancel", "{}", "X-Tenant-ID", "audit-a").status());
        assertEquals(504, cancelled.get(5, TimeUnit.SECONDS).status());
        expected.put("au-cancel", "cancelled");

        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "audit-a")) {
            ws.send("{\"header\":{\"message_id\":\"au-ws\"},\"kind\":\"request\",\"stream_id\":\"s1\","
                    + "\"capability\":\"observatory.models.infer\",\"payload\":{\"input\":\"a b c\"}}");
            ws.until(f -> f.path("end_stream").asBoolean(), 5000);
        }
        expected.put("au-ws", "success");
        Reply sse = gateway.client().send(gateway.client().request(INVOKE, "X-Tenant-ID", "audit-a")
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"message_id\":\"au-sse\"},"
                        + "\"payload\":{\"input\":\"a b\"}}")).build());
        assertEquals(200, sse.status(), sse.rawBody());
        expected.put("au-sse", "success");

        Await.until(() -> export("audit-a").size() >= expected.size(), Duration.ofSeconds(5),
                () -> export("audit-a").toString());
        Map<String, JsonNode> exported = byMessageId(export("audit-a"));
        assertEquals(expected.keySet(), exported.keySet(), "one record per invocation: " + exported.keySet());
        expected.forEach((id, outcome) -> assertEquals(outcome, exported.get(id).path("outcome").asText(), id));

        JsonNode ok = exported.get("au-ok");
        assertEquals("anonymous", ok.path("actor").asText());
        assertEquals("audit-a", ok.path("tenant_id").asText());
        assertEquals("observatory.models.infer", ok.path("capability").asText());
        assertEquals(TRACEPARENT, ok.path("traceparent").asText());
        assertEquals("http", ok.path("binding").asText());
        assertTrue(ok.path("duration_ms").isIntegralNumber() && ok.path("duration_ms").asLong() >= 0);
        Instant.parse(ok.path("timestamp").asText());
        assertEquals("audit.missing", exported.get("au-unknown").path("capability").asText());
        assertEquals("ws", exported.get("au-ws").path("binding").asText());
        assertEquals("http", exported.get("au-sse").path("binding").asText());

        // the file holds the same records, one JSON object per line
        Map<String, JsonNode> inFile = byMessageId(fileRecords().stream()
                .filter(r -> "audit-a".equals(r.path("tenant_id").asText())).toList());
        assertEquals(exported, inFile);
    }

    @Test
    void theExportShowsOnlyTheNamedTenantsRecords() {
        assertEquals(200, gateway.client().post(INVOKE, MigClient.invokeBody("audit-b", "{\"input\":\"b\"}"),
                "X-Tenant-ID", "audit-b").status());
        List<JsonNode> records = export("audit-b");
        assertEquals(1, records.size(), records.toString());
        assertEquals("audit-b", records.get(0).path("tenant_id").asText());
        Reply bad = gateway.client().get("/pro/v0.1/audit/export?tenant_id=not.a.tenant");
        assertEquals(400, bad.status(), bad.rawBody());
    }

    private static List<JsonNode> export(String tenant) {
        Reply reply = gateway.client().get("/pro/v0.1/audit/export?tenant_id=" + tenant);
        assertEquals(200, reply.status(), reply.rawBody());
        List<JsonNode> out = new ArrayList<>();
        reply.body().path("records").forEach(out::add);
        return out;
    }

    private static Map<String, JsonNode> byMessageId(List<JsonNode> records) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode r : records) {
            JsonNode previous = out.put(r.path("message_id").asText(), r);
            assertEquals(null, previous, "two records for " + r.path("message_id").asText());
        }
        return out;
    }

    private static List<JsonNode> fileRecords() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(AUDIT_FILE)) {
            out.add(MigClient.JSON.readTree(line));
        }
        return out;
    }

    private static Path tempFile() {
        try {
            Path dir = Files.createTempDirectory("migd-audit-it");
            dir.toFile().deleteOnExit();
            return dir.resolve("audit.jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
