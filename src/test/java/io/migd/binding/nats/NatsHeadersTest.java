package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.migd.config.MigdSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatsHeadersTest {

    @Test
    void mirrorsTheMigHeaderFieldsOnly() {
        ObjectNode header = Json.object().put("mig_version", "0.1").put("message_id", "m-1").put("tenant_id", "acme")
                .put("session_id", "s\nnot-safe").put("traceparent", "00-x").put("timestamp", "2026-01-01T00:00:00Z");
        header.putObject("meta").put("k", "v");
        Headers out = NatsHeaders.mirror(header, "idem-1");
        assertEquals("0.1", out.getFirst("mig_version"));
        assertEquals("m-1", out.getFirst("message_id"));
        assertEquals("acme", out.getFirst("tenant_id"));
        assertEquals("00-x", out.getFirst("traceparent"));
        assertEquals("idem-1", out.getFirst("idempotency_key"));
        assertNull(out.getFirst("session_id"), "a value with control characters is not a NATS header");
        assertFalse(out.containsKey("timestamp"));
        assertFalse(out.containsKey("meta"));
    }

    @Test
    void onlyAuthorizationAndTheOriginMarkerComeIn() {
        var filter = NatsHeaders.inboundFilter();
        var exchange = new DefaultExchange(new DefaultCamelContext());
        assertFalse(filter.applyFilterToExternalHeaders("Authorization", "Bearer x", exchange));
        assertFalse(filter.applyFilterToExternalHeaders("Mig-Origin", "migd", exchange));
        assertTrue(filter.applyFilterToExternalHeaders("CamelNatsReplyTo", "x", exchange));
        assertTrue(filter.applyFilterToExternalHeaders("CamelHttpUri", "x", exchange));
        assertTrue(filter.applyFilterToExternalHeaders("tenant_id", "globex", exchange));
    }

    @Test
    void connectionOptionsCarryCredentialsAndReconnectForever() {
        MigdSettings settings = MigdSettings.load(Map.of("migd.nats.url", "nats://127.0.0.1:4222,nats://127.0.0.1:4223",
                "migd.nats.user", "migd", "migd.nats.password", "secret")::get);
        Options options = new NatsConnector(settings.nats(), "gw-1").options();
        assertEquals(-1, options.getMaxReconnect());
        assertEquals(2, options.getServers().size());
        assertEquals("migd-gw-1", options.getConnectionName());
        assertEquals("migd", new String(options.getUsernameChars()));
        assertTrue(options.isNoEcho(), "the gateway's own publishes (mirrored events) do not come back to it");
        Options probe = new NatsConnector(settings.nats(), "gw-1").probeOptions();
        assertFalse(probe.isNoEcho());
        assertEquals(0, probe.getMaxReconnect());
        assertEquals("migd", new String(probe.getUsernameChars()), "the probe connects as the gateway does");
        MigdSettings token = MigdSettings.load(Map.of("migd.nats.url", "tls://127.0.0.1:4222",
                "migd.nats.token", "t0ken", "migd.nats.tls", "true")::get);
        Options tls = new NatsConnector(token.nats(), "gw").options();
        assertEquals("t0ken", new String(tls.getTokenChars()));
        assertTrue(tls.getSslContext() != null, "TLS on");
        assertEquals("nats://host:4222,tls://h2:1", NatsConnector.withoutUserInfo("nats://u:p@host:4222,tls://tok@h2:1"));
    }
}
