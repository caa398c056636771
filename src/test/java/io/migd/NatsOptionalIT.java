package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.nats.client.Subscription;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NATS is optional: without a URL nothing of it runs; with MIGD_ENABLE_NATS_BINDING=false only mirroring runs. */
class NatsOptionalIT {

    @Test
    void withoutAUrlNoNatsRouteRuns() throws Exception {
        Gateway gateway = new Gateway();
        gateway.start();
        try {
            for (Route route : gateway.camelContext().getRoutes()) {
                if (route.getRouteId().startsWith("bind-nats-")) {
                    assertFalse(gateway.camelContext().getRouteController().getRouteStatus(route.getRouteId())
                            .isStarted(), route.getRouteId() + " must not run");
                }
            }
            Reply health = gateway.client().get("/admin/v0.1/health");
            assertEquals("ok", health.body().path("status").asText(), health.rawBody());
            assertFalse(health.body().path("nats").path("configured").asBoolean());
            assertFalse(health.body().path("bindings").toString().contains("nats"));
        } finally {
            gateway.stop();
        }
    }

    @Test
    void mirroringWithoutTheBinding() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.core().start();
             NatsClient client = new NatsClient(nats.url())) {
            Gateway gateway = new Gateway().with("migd.nats.url", nats.url())
                    .with("migd.nats.binding-enabled", "false");
            gateway.start();
            try {
                Subscription events = client.subscribe("mig.v0_1.acme.events.mirror.only");
                gateway.client().post("/mig/v0.1/publish/mirror.only", "{\"payload\": {\"k\": 1}}",
                        "X-Tenant-ID", "acme");
                NatsClient.Reply mirrored = NatsClient.next(events, Duration.ofSeconds(5));
                assertNotNull(mirrored, "mirrored with the binding off");
                assertEquals(1, mirrored.body().path("payload").path("k").asInt());
                var reply = client.connection().request("mig.v0_1.acme.hello", "{}".getBytes());
                assertTrue(reply.handle((m, e) -> e != null || m == null).get(), "nobody answers requests");
                Reply health = gateway.client().get("/admin/v0.1/health");
                assertTrue(health.body().path("nats").path("connected").asBoolean(), health.rawBody());
                assertFalse(health.body().path("bindings").toString().contains("nats"), health.rawBody());
            } finally {
                gateway.stop();
            }
        }
    }
}
