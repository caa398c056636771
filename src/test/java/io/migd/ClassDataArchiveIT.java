package io.migd;

import io.migd.support.ChildGateway;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command, {@code java -XX:SharedArchiveFile=target/migd.jsa -jar target/migd.jar}: {@code package}
 * trains the archive, and a gateway started with it takes its classes from the archive rather than from the jar.
 */
class ClassDataArchiveIT {

    @Test
    void theGatewayStartsWithItsClassesMappedFromTheTrainedArchive(@TempDir Path dir) throws Exception {
        Path archive = ChildGateway.classDataArchive();
        assertTrue(Files.isRegularFile(archive), "package trains " + archive + " (ClassDataTraining)");
        Path loaded = dir.resolve("class-load.log");
        // -Xshare:on: a JVM that cannot map the archive refuses to start instead of quietly loading from the jar
        List<String> readmeOptions = List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                "-Xlog:class+load=info:file=" + loaded);
        try (ChildGateway migd = ChildGateway.start(dir, Map.of(), Duration.ofSeconds(60), readmeOptions)) {
            Reply hello = migd.client().post("/mig/v0.1/hello", "{\"header\":{\"tenant_id\":\"acme\"}}");
            assertEquals(200, hello.status(), hello.rawBody());
            assertEquals("migd", hello.body().path("server_id").asText(), hello.rawBody());
        }
        Map<Boolean, Long> bySource = Files.readAllLines(loaded).stream()
                .filter(line -> line.contains(" source: "))
                .collect(Collectors.partitioningBy(line -> line.contains("source: shared objects file"),
                        Collectors.counting()));
        long shared = bySource.get(true);
        long fromJar = bySource.get(false);
        assertTrue(shared > 5_000, "classes mapped from the archives: " + shared);
        assertTrue(fromJar < shared / 10, "classes still read from the jar: " + fromJar + " (archived: " + shared + ")");
        String launcher = Files.readAllLines(loaded).stream()
                .filter(line -> line.contains(" io.migd.app.MigdLauncher ")).findFirst().orElse("");
        assertTrue(launcher.contains("source: shared objects file (top)"),
                "the gateway's own classes come from the trained (top) archive: " + launcher);
    }
}
