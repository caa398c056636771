package io.migd;

import io.migd.support.Gateway;
import io.migd.support.NatsClient;
import io.migd.support.NatsServerProcess;
import io.migd.support.Tokens;
import io.nats.client.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authenticated NATS connection (user/password, TLS with a private CA) and JWT mode over NATS: the bearer token
 * travels in the NATS header Authorization and the subject's tenant must be the token's.
 */
class NatsSecurityIT {

    @Test
    void jwtModeOverAnAuthenticatedNatsConnection() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.core("--user", "migd", "--pass", "s3cret-pass").start()) {
            Gateway gateway = new Gateway().with("migd.nats.url", nats.url()).with("migd.nats.user", "migd")
                    .with("migd.nats.password", "s3cret-pass").with("migd.auth.mode", "jwt")
                    .with("migd.auth.jwt-hs256-secret", Tokens.SECRET);
            gateway.start();
            try (NatsClient client = new NatsClient(new Options.Builder().server(nats.url())
                    .userInfo("migd".toCharArray(), "s3cret-pass".toCharArray()).build())) {
                NatsClient.Reply anonymous = client.request("mig.v0_1.acme.discover", "{}");
                assertEquals("MIG_UNAUTHORIZED", anonymous.header("Mig-Error-Code"), anonymous.raw());

                String acme = Tokens.bearer(Tokens.valid("agent-1", "acme", "capability:infer"));
                NatsClient.Reply invoke = client.request("mig.v0_1.acme.invoke.observatory.models.infer",
                        "{\"payload\": {\"input\": \"jwt\"}}", "Authorization", acme);
                assertNull(invoke.errorCode(), invoke.raw());
                assertEquals("agent-1", invoke.body().path("header").path("meta").path("idg.principal_subject")
                        .asText(), invoke.raw());

                NatsClient.Reply otherTenant = client.request("mig.v0_1.globex.discover", "{}", "Authorization", acme);
                assertEquals("MIG_FORBIDDEN", otherTenant.header("Mig-Error-Code"), otherTenant.raw());
                NatsClient.Reply otherHeader = client.request("mig.v0_1.acme.discover",
                        "{\"header\": {\"tenant_id\": \"globex\"}}", "Authorization", acme);
                assertEquals("MIG_FORBIDDEN", otherHeader.header("Mig-Error-Code"), otherHeader.raw());
            } finally {
                gateway.stop();
            }
        }
    }

    @Test
    void wrongCredentialsLeaveTheGatewayRunningWithNatsDown() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.core("--auth", "right-token").start()) {
            Gateway gateway = new Gateway().with("migd.nats.url", nats.url()).with("migd.nats.token", "wrong-token");
            gateway.start();
            try {
                var health = gateway.client().get("/admin/v0.1/health");
                assertEquals("degraded", health.body().path("status").asText(), health.rawBody());
                assertFalse(health.body().path("nats").path("connected").asBoolean());
                assertFalse(health.rawBody().contains("wrong-token"), "no secrets in health");
                assertEquals(200, gateway.client().post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").status());
            } finally {
                gateway.stop();
            }
        }
    }

    @Test
    void tlsWithAPrivateCa(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/openssl"))
                || System.getenv("CI") != null, "openssl makes the test certificate (.ci/run installs it)");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path trust = dir.resolve("trust.p12");
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()));
        run(List.of("keytool", "-importcert", "-noprompt", "-alias", "nats", "-file", cert.toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", "changeit"));
        try (NatsServerProcess nats = NatsServerProcess.core("--tls", "--tlscert", cert.toString(), "--tlskey",
                key.toString()).start()) {
            Gateway gateway = new Gateway().with("migd.nats.url", nats.url())
                    .with("migd.nats.tls-truststore", trust.toString())
                    .with("migd.nats.tls-truststore-password", "changeit");
            gateway.start();
            try (NatsClient client = new NatsClient(new Options.Builder().server(nats.url())
                    .truststorePath(trust.toString()).truststorePassword("changeit".toCharArray()).build())) {
                assertTrue(gateway.client().get("/admin/v0.1/health").body().path("nats").path("connected")
                        .asBoolean());
                NatsClient.Reply hello = client.request("mig.v0_1.acme.hello", "{}");
                assertNull(hello.errorCode(), hello.raw());
            } finally {
                gateway.stop();
            }
        }
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), command + ": " + output);
    }
}
