package io.migd.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigdSettingsTest {

    private static MigdSettings load(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return MigdSettings.load(values::get);
    }

    private static void assertRefused(String env, String... keyValues) {
        MigdConfigException e = assertThrows(MigdConfigException.class, () -> load(keyValues));
        assertTrue(e.getMessage().startsWith(env + " ("), e.getMessage());
    }

    @Test
    void defaultsAreTheSeedDefaults() {
        MigdSettings s = load();
        assertEquals("0.0.0.0", s.httpHost());
        assertEquals(8080, s.httpPort());
        assertEquals("none", s.authMode());
        assertTrue(s.metricsEnabled());
        assertTrue(s.natsBindingEnabled());
        assertFalse(s.requireTenantHeader());
        assertEquals("", s.natsUrl());
        assertEquals(1_048_576, s.maxBodyBytes());
        assertEquals(30_000, s.defaultDeadlineMs());
    }

    @Test
    void listenAddresses() {
        assertEquals(9000, load("migd.addr", ":9000").httpPort());
        MigdSettings s = load("migd.addr", "127.0.0.1:9001");
        assertEquals("127.0.0.1", s.httpHost());
        assertEquals(9001, s.httpPort());
        assertEquals("::1", load("migd.addr", "[::1]:9002").httpHost());
        assertRefused("MIGD_ADDR", "migd.addr", "8080");
        assertRefused("MIGD_ADDR", "migd.addr", ":0");
        assertRefused("MIGD_ADDR", "migd.addr", ":65536");
        assertRefused("MIGD_ADDR", "migd.addr", "host:http");
        assertRefused("MIGD_GRPC_ADDR", "migd.grpc.addr", "9090");
    }

    @Test
    void jwtModeNeedsALongSecret() {
        assertRefused("MIGD_AUTH_MODE", "migd.auth.mode", "kerberos");
        assertRefused("MIGD_JWT_HS256_SECRET", "migd.auth.mode", "jwt");
        assertRefused("MIGD_JWT_HS256_SECRET", "migd.auth.mode", "jwt", "migd.auth.jwt-hs256-secret", "short");
        MigdSettings ok = load("migd.auth.mode", "JWT", "migd.auth.jwt-hs256-secret", "x".repeat(32));
        assertEquals("jwt", ok.authMode());
    }

    @Test
    void booleansNumbersAndUrlsAreChecked() {
        assertRefused("MIGD_ENABLE_METRICS", "migd.metrics.enabled", "maybe");
        assertRefused("MIGD_REQUIRE_TENANT_HEADER", "migd.auth.require-tenant-header", "2");
        assertRefused("MIGD_MAX_BODY_BYTES", "migd.http.max-body-bytes", "-1");
        assertRefused("MIGD_MAX_BODY_BYTES", "migd.http.max-body-bytes", "lots");
        assertRefused("MIGD_NATS_URL", "migd.nats.url", "http://localhost:4222");
        assertRefused("MIGD_ALLOWED_ENDPOINT_SCHEMES", "migd.capabilities.allowed-endpoint-schemes", "http,exec");
        assertEquals("nats://127.0.0.1:4222,tls://h:4443",
                load("migd.nats.url", "nats://127.0.0.1:4222,tls://h:4443").natsUrl());
        assertFalse(load("migd.metrics.enabled", "false").metricsEnabled());
    }

    @Test
    void operationsSettingsAreChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertRefused("MIGD_AUDIT_LOG_PATH", "migd.audit.log-path", dir.resolve("missing/audit.jsonl").toString());
        assertRefused("MIGD_AUDIT_LOG_PATH", "migd.audit.log-path", dir.toString());
        assertEquals(dir.resolve("audit.jsonl").toString(),
                load("migd.audit.log-path", dir.resolve("audit.jsonl").toString()).auditLogPath());
        assertRefused("MIGD_AUDIT_FSYNC", "migd.audit.fsync", "sometimes");
        assertRefused("MIGD_AUDIT_MAX_RECORDS", "migd.audit.max-records", "-5");
        assertRefused("MIGD_CONFORMANCE_TENANT", "migd.conformance.tenant", "self.check");
        assertRefused("MIGD_CONFORMANCE_MAX_AGE_MS", "migd.conformance.max-age-ms", "soon");
        assertRefused("MIGD_CLI_CONNECTOR", "migd.management.cli-connector", "perhaps");
        MigdSettings defaults = load();
        assertFalse(defaults.auditFsync());
        assertEquals(10_000, defaults.auditMaxRecords());
        assertEquals("migd-selfcheck", defaults.conformanceTenant());
        assertFalse(defaults.cliConnector());
    }
}
