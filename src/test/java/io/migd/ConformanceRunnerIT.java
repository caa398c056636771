package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code conformance/mig-conformance} (the seed's mig-conformance) run as operators run it, against a started gateway;
 * and conformance health that reports what passes, not only what is configured.
 */
class ConformanceRunnerIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.conformance.max-age-ms", "1");

    static TestUpstream upstream;

    @BeforeAll
    static void brokenCapability() throws Exception {
        upstream = new TestUpstream().json("/broken", 502, "{\"oops\":true}");
        Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"conf.broken\","
                + "\"version\":\"1\",\"modes\":[\"unary\"]},\"endpoint\":\"" + upstream.url("/broken") + "\"}");
        assertEquals(201, reply.status(), reply.rawBody());
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    record Run(int exit, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private static Run runner(String... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("basedir", "."), "conformance", "mig-conformance");
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MIGD_JAR", Path.of(System.getProperty("migd.jar", "target/migd.jar"))
                .toAbsolutePath().toString());
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the runner did not finish: " + out);
        return new Run(process.exitValue(), out.lines().toList());
    }

    @Test
    void theRunnerPassesEveryCheckOfEveryLevel() throws Exception {
        Run run = runner("-base-url", gateway.base().toString(), "-tenant", "acme");
        assertEquals(0, run.exit(), run.text());
        for (String check : List.of("core/hello", "core/hello-version-mismatch", "core/discover", "core/invoke",
                "core/invoke-unknown-capability", "core/malformed-json", "core/idempotent-replay",
                "core/cancel-not-found", "core/heartbeat", "core/unknown-endpoint", "streaming/ws-stream-invoke",
                "streaming/ws-bad-frame", "streaming/sse-stream-invoke", "evented/publish-needs-namespaced-topic",
                "evented/publish-ack-sequence", "evented/subscribe-replay-then-live", "evented/subscribe-bad-cursor")) {
            assertTrue(run.lines().contains("PASS " + check), check + "\n" + run.text());
        }
        assertTrue(run.lines().containsAll(List.of("LEVEL core: PASS", "LEVEL streaming: PASS", "LEVEL evented: PASS")),
                run.text());
    }

    @Test
    void aFailingCheckIsReportedAndTheExitCodeSaysSo() throws Exception {
        Run run = runner("-base-url", gateway.base().toString(), "-tenant", "acme", "-capability", "conf.broken",
                "-payload", "{}");
        assertEquals(1, run.exit(), run.text());
        String invoke = run.lines().stream().filter(l -> l.startsWith("FAIL core/invoke:")).findFirst().orElse("");
        assertTrue(invoke.contains("expected HTTP 200, got 503") && invoke.contains("MIG_UNAVAILABLE"), run.text());
        assertTrue(run.lines().contains("LEVEL core: FAIL"), run.text());
        assertTrue(run.lines().contains("PASS core/hello"), run.text());
    }

    @Test
    void conformanceHealthReportsWhatPassesNotOnlyWhatIsConfigured() throws Exception {
        Reply healthy = gateway.client().get("/admin/v0.1/health/conformance");
        assertEquals("{\"core\":true,\"streaming\":true,\"evented\":true,\"full\":true}", healthy.rawBody());

        // every binding and operation route still runs, but the demo capability's unary provider route is stopped:
        // unary invocations fail, so core's self-checks fail (streaming uses the capability's stream route)
        gateway.camelContext().getRouteController().stopRoute("cap-observatory-models-infer");
        try {
            Reply degraded = gateway.client().get("/admin/v0.1/health/conformance");
            assertEquals(200, degraded.status(), degraded.rawBody());
            assertFalse(degraded.body().path("core").asBoolean(), degraded.rawBody());
            assertTrue(degraded.body().path("streaming").asBoolean(), degraded.rawBody());
            Reply invoke = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                    "{\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "acme");
            assertEquals(503, invoke.status(), invoke.rawBody());
            assertEquals("MIG_UNAVAILABLE", invoke.errorCode(), invoke.rawBody());
            assertTrue(degraded.body().path("evented").asBoolean(), degraded.rawBody());
            assertFalse(degraded.body().path("full").asBoolean(), degraded.rawBody());
        } finally {
            gateway.camelContext().getRouteController().startRoute("cap-observatory-models-infer");
        }
        assertTrue(gateway.client().get("/admin/v0.1/health/conformance").body().path("full").asBoolean());
    }
}
