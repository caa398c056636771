package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Await;
import io.migd.support.ChildGateway;
import io.migd.support.MigClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code MIGD_CLI_CONNECTOR=true}: the Camel CLI ({@code camel get routes}) finds the running gateway through the
 * connector's {@code ~/.camel/<pid>-status.json}, which lists its routes by id; a clean exit removes the files.
 */
class CamelCliConnectorIT {

    @Test
    void theCamelCliSeesTheGatewaysRoutes(@TempDir Path dir) throws Exception {
        Path camelHome = Path.of(System.getProperty("user.home"), ".camel");
        try (ChildGateway migd = ChildGateway.start(dir, Map.of("MIGD_CLI_CONNECTOR", "true"), Duration.ofSeconds(60))) {
            Path status = camelHome.resolve(migd.pid() + "-status.json");
            Await.until(() -> routeIds(status).contains("bind-http-invoke"), Duration.ofSeconds(10),
                    () -> status + " does not list the routes");
            assertTrue(routeIds(status).containsAll(List.of("op-invoke", "bind-ws-stream", "bind-http-metrics")));
            migd.terminate();
            assertFalse(Files.exists(camelHome.resolve(String.valueOf(migd.pid()))), "the CLI pid file was left");
        }
    }

    private static List<String> routeIds(Path status) {
        List<String> ids = new ArrayList<>();
        try {
            if (Files.isRegularFile(status)) {
                JsonNode json = MigClient.JSON.readTree(Files.readAllBytes(status));
                json.path("routes").forEach(r -> ids.add(r.path("routeId").asText()));
            }
        } catch (Exception e) {
            // written while we read: try again
        }
        return ids;
    }
}
