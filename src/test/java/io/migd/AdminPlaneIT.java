package io.migd;

import io.migd.connections.ConnectionRegistry;
import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §9 admin plane: conformance health computed from what runs, and the connections registry view. */
class AdminPlaneIT {

    @RegisterExtension
    static Gateway gateway = new Gateway();

    @Test
    void conformanceFollowsTheRunningRoutes() throws Exception {
        Reply health = gateway.client().get("/admin/v0.1/health/conformance");
        assertEquals(200, health.status(), health.rawBody());
        assertTrue(health.body().path("core").asBoolean());
        assertTrue(health.body().path("streaming").asBoolean(), "the WebSocket and streaming routes run");
        assertTrue(health.body().path("evented").asBoolean(), "publish and SSE subscribe run");
        assertTrue(health.body().path("full").asBoolean());

        gateway.camelContext().getRouteController().stopRoute("bind-http-cancel");
        try {
            Reply degraded = gateway.client().get("/admin/v0.1/health/conformance");
            assertFalse(degraded.body().path("core").asBoolean(), "core needs CANCEL: " + degraded.rawBody());
            assertFalse(degraded.body().path("full").asBoolean());
        } finally {
            gateway.camelContext().getRouteController().startRoute("bind-http-cancel");
        }
        assertTrue(gateway.client().get("/admin/v0.1/health/conformance").body().path("core").asBoolean());
    }

    @Test
    void connectionsViewHasTheGuideShapeAndFilters() {
        ConnectionRegistry registry = gateway.camelContext().getRegistry()
                .lookupByNameAndType("connectionRegistry", ConnectionRegistry.class);
        try (ConnectionRegistry.Registration a = registry.open("http", "sse_subscribe", "acme", "anonymous",
                "127.0.0.1:5000", Map.of("topic", "observatory.inference.completed", "resume_cursor", ""));
             ConnectionRegistry.Registration b = registry.open("http", "ws_stream", "globex", "anonymous",
                     "127.0.0.1:5001", Map.of())) {
            Reply all = gateway.client().get("/admin/v0.1/connections");
            assertEquals(200, all.status(), all.rawBody());
            assertEquals(2, all.body().path("summary").path("total").asInt());
            assertEquals(2, all.body().path("summary").path("by_protocol").path("http").asInt());
            assertEquals(1, all.body().path("summary").path("by_kind").path("sse_subscribe").asInt());
            assertEquals(1, all.body().path("summary").path("by_tenant").path("globex").asInt());
            assertFalse(all.body().path("summary").path("nats_binding_active").asBoolean());
            assertTrue(all.body().path("generated_at").asText().endsWith("Z"));

            Reply acme = gateway.client().get("/admin/v0.1/connections?tenant_id=acme&protocol=http");
            assertEquals(1, acme.body().path("connections").size(), acme.rawBody());
            var entry = acme.body().path("connections").get(0);
            assertEquals(a.connection().id(), entry.path("id").asText());
            assertEquals("sse_subscribe", entry.path("kind").asText());
            assertEquals("anonymous", entry.path("actor").asText());
            assertEquals("127.0.0.1:5000", entry.path("remote_addr").asText());
            assertEquals("observatory.inference.completed", entry.path("meta").path("topic").asText());

            assertEquals(1, gateway.client().get("/admin/v0.1/connections?kind=ws_stream").body()
                    .path("summary").path("total").asInt());
            assertEquals(0, gateway.client().get("/admin/v0.1/connections?protocol=grpc").body()
                    .path("summary").path("total").asInt());
        }
        assertEquals(0, gateway.client().get("/admin/v0.1/connections").body().path("summary").path("total").asInt());
    }
}
