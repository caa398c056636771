package io.migd;

import io.migd.support.Gateway;
import io.migd.support.NatsServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code conformance/mig-nats-smoke}, run as operators run it, against a gateway and against a NATS without one. */
class NatsSmokeIT {

    private static final List<String> CHECKS = List.of("hello", "discover", "invoke", "events (publish + mirror)",
            "control.heartbeat", "control.cancel", "stream (start + frames)", "tenant mismatch is MIG_FORBIDDEN",
            "unknown capability is MIG_UNSUPPORTED_CAPABILITY");

    private static NatsServerProcess nats;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServerProcess.core().start();
        gateway = new Gateway().with("migd.nats.url", nats.url());
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (nats != null) {
            nats.stop();
        }
    }

    @Test
    void everySubjectPassesAgainstTheGateway() throws Exception {
        Result result = smoke("-url", nats.url(), "-tenant", "acme");
        assertEquals(0, result.exitCode, result.output);
        for (String check : CHECKS) {
            assertTrue(result.output.contains("PASS " + check + "\n"), "PASS " + check + " in:\n" + result.output);
        }
        assertFalse(result.output.contains("FAIL"), result.output);
    }

    @Test
    void failsWithoutAGateway() throws Exception {
        try (NatsServerProcess bare = NatsServerProcess.core().start()) {
            Result result = smoke("-url", bare.url(), "-tenant", "acme", "-timeout-ms", "300");
            assertEquals(1, result.exitCode, result.output);
            assertTrue(result.output.contains("FAIL hello: no reply"), result.output);
        }
    }

    @Test
    void badUsageIsExitCodeTwo() throws Exception {
        Result result = smoke("-colour", "blue");
        assertEquals(2, result.exitCode, result.output);
        assertTrue(result.output.contains("unknown flag -colour"), result.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result smoke(String... args) throws IOException, InterruptedException {
        Path script = Path.of("conformance", "mig-nats-smoke").toAbsolutePath();
        assertTrue(Files.isExecutable(script), script + " must be executable");
        List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        String jar = System.getProperty("migd.jar");
        if (jar != null) {
            builder.environment().put("MIGD_JAR", jar);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the smoke run ended");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
