package io.migd;

import io.migd.conformance.GrpcSmoke;
import io.migd.support.Gateway;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The conformance/mig-grpc-smoke runner against a started gateway, as the README runs it. */
class GrpcSmokeIT {

    static final int GRPC_PORT = AvailablePortFinder.getNextAvailable();

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.grpc.addr", "127.0.0.1:" + GRPC_PORT);

    @Test
    void everyCheckPasses() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = GrpcSmoke.run(new String[] {"-addr", "127.0.0.1:" + GRPC_PORT, "-tenant", "acme"},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, report);
        assertEquals(8, report.lines().filter(l -> l.startsWith("PASS ")).count(), report);
    }

    @Test
    void theScriptRunsFromTheJar() throws Exception {
        String jar = System.getProperty("migd.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new AssertionError("failsafe passes migd.jar; run with mvn verify");
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "conformance/mig-grpc-smoke", "-addr",
                "127.0.0.1:" + GRPC_PORT, "-tenant", "acme").redirectErrorStream(true);
        builder.environment().put("MIGD_JAR", jar);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), report);
        assertTrue(report.contains("all checks passed"), report);
    }
}
