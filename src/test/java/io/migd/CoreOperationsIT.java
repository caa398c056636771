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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HELLO, DISCOVER, INVOKE of the YAML demo capability, HEARTBEAT with a real load factor (mig-spec §5). */
class CoreOperationsIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.invoke.max-in-flight", "10");

    static TestUpstream upstream;

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream().slow("/slow", 1500, "{\"ok\":true}");
        Reply bound = gateway.client().post("/admin/v0.1/capabilities",
                "{\"descriptor\":{\"id\":\"test.slow\",\"version\":\"1\",\"modes\":[\"unary\"]},\"endpoint\":\""
                        + upstream.url("/slow") + "\"}");
        assertEquals(201, bound.status(), bound.rawBody());
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    @Test
    void helloNegotiates() {
        Reply reply = gateway.client().post("/mig/v0.1/hello", "{\"supported_versions\":[\"0.1\"],"
                + "\"requested_bindings\":[\"grpc\",\"http\"],\"requested_features\":[\"no-such-feature\",\"idempotency\","
                + "\"cancel\"]}", "X-Tenant-ID", "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        assertEquals("0.1", reply.body().path("selected_version").asText());
        assertEquals("http", reply.body().path("selected_binding").asText(), "grpc is not enabled here");
        assertEquals("[\"cancel\",\"idempotency\"]", reply.body().path("enabled_features").toString());
        assertEquals("migd", reply.body().path("server_id").asText());
    }

    @Test
    void helloWithEmptyVersionsMeansZeroOne() {
        Reply reply = gateway.client().post("/mig/v0.1/hello", "{\"supported_versions\":[]}", "X-Tenant-ID", "acme");
        assertEquals(200, reply.status());
        assertEquals("0.1", reply.body().path("selected_version").asText());
    }

    @Test
    void discoverListsSortedAndFilters() {
        Reply all = gateway.client().post("/mig/v0.1/discover", "{}", "X-Tenant-ID", "acme");
        assertEquals(200, all.status(), all.rawBody());
        List<String> ids = new ArrayList<>();
        all.body().path("capabilities").forEach(c -> ids.add(c.path("id").asText()));
        assertTrue(ids.contains("observatory.models.infer"), ids.toString());
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(String::compareTo);
        assertEquals(sorted, ids);

        JsonNode demo = find(all.body(), "observatory.models.infer");
        assertEquals("[\"unary\",\"server_stream\"]", demo.path("modes").toString());
        assertEquals("schema://observatory/models/infer-input/v1", demo.path("input_schema_uri").asText());
        assertEquals(1048576, demo.path("qos").path("max_payload_bytes").asInt());
        assertEquals("at_least_once", demo.path("qos").path("delivery_semantics").asText());
        assertEquals("[\"observatory.inference.completed\"]", demo.path("event_topics").toString());

        Reply filtered = gateway.client().post("/mig/v0.1/discover",
                "{\"query\":\"observatory\",\"include_qos\":false,\"include_schema_refs\":false}",
                "X-Tenant-ID", "acme");
        assertEquals(1, filtered.body().path("capabilities").size(), filtered.rawBody());
        JsonNode only = filtered.body().path("capabilities").get(0);
        assertTrue(only.path("qos").isMissingNode());
        assertTrue(only.path("input_schema_uri").isMissingNode());
    }

    @Test
    void invokeRunsTheYamlCapability() {
        Reply reply = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"inv-1\"},\"payload\":{\"input\":\"hello\"}}",
                "X-Tenant-ID", "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        assertEquals("observatory.models.infer", reply.body().path("capability").asText());
        assertEquals("inferred: hello", reply.body().path("payload").path("result").asText());
        assertEquals("schema://observatory/models/infer-output/v1", reply.body().path("result_schema_uri").asText());
        assertEquals("inv-1", reply.body().path("header").path("message_id").asText());
    }

    @Test
    void heartbeatLoadFactorMeasuresWorkInFlight() throws Exception {
        Reply idle = gateway.client().post("/mig/v0.1/heartbeat", "{\"interval_ms\":2000}", "X-Tenant-ID", "acme");
        assertEquals(200, idle.status(), idle.rawBody());
        assertEquals(2000, idle.body().path("suggested_interval_ms").asInt());
        assertEquals(0.0, idle.body().path("load_factor").asDouble(), 0.0001);

        List<CompletableFuture<Reply>> running = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            running.add(gateway.client().postAsync("/mig/v0.1/invoke/test.slow",
                    MigClient.invokeBody("acme", "{}"), "X-Tenant-ID", "acme"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double load = 0;
        while (System.nanoTime() < deadline && load < 0.5) {
            load = gateway.client().post("/mig/v0.1/heartbeat", "{}", "X-Tenant-ID", "acme").body()
                    .path("load_factor").asDouble();
        }
        assertEquals(0.5, load, 0.0001, "5 of 10 in-flight slots are taken");
        for (CompletableFuture<Reply> call : running) {
            assertEquals(200, call.get(10, TimeUnit.SECONDS).status());
        }
        Reply after = gateway.client().post("/mig/v0.1/heartbeat", "{}", "X-Tenant-ID", "acme");
        assertEquals(5000, after.body().path("suggested_interval_ms").asInt());
        assertEquals(0.0, after.body().path("load_factor").asDouble(), 0.0001);
    }

    @Test
    void overCapacityIsBackpressure() throws Exception {
        List<CompletableFuture<Reply>> running = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            running.add(gateway.client().postAsync("/mig/v0.1/invoke/test.slow",
                    MigClient.invokeBody("acme", "{}"), "X-Tenant-ID", "acme"));
        }
        int ok = 0;
        int shed = 0;
        for (CompletableFuture<Reply> call : running) {
            Reply reply = call.get(10, TimeUnit.SECONDS);
            if (reply.status() == 200) {
                ok++;
            } else {
                EnvelopeAndErrorsIT.assertErrorEnvelope(reply, 503, "MIG_BACKPRESSURE");
                assertTrue(reply.body().path("error").path("retryable").asBoolean());
                shed++;
            }
        }
        assertEquals(10, ok);
        assertEquals(4, shed);
    }

    static JsonNode find(JsonNode discover, String id) {
        for (JsonNode c : discover.path("capabilities")) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        throw new AssertionError(id + " not in " + discover);
    }
}
