package io.migd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.migd.support.ChildGateway;
import io.migd.support.MigClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console is buffered (a line is formatted by the thread that logs it, no write per line), yet a call's access
 * line shows on the gateway's output promptly even when nothing else is logged after it.
 */
class ConsoleLogIT {

    @Test
    void aLoneAccessLineReachesTheConsoleWithinAFewHundredMilliseconds(@TempDir Path dir) throws Exception {
        try (ChildGateway migd = ChildGateway.start(dir, Map.of(), Duration.ofSeconds(60))) {
            MigClient.Reply reply = migd.client().post("/mig/v0.1/invoke/observatory.models.infer",
                    MigClient.invokeBody("acme", "{\"input\":\"log me\"}"), "X-Tenant-ID", "acme");
            assertEquals(200, reply.status(), reply.rawBody());
            String messageId = reply.body().path("header").path("message_id").asText();
            assertTrue(migd.awaitLine("message_id=" + messageId, Duration.ofSeconds(2)),
                    "no line of the call on the console: " + migd.tail());
            assertTrue(migd.awaitLine("op=invoke binding=http result=ok", Duration.ofSeconds(2)), migd.tail());
        }
    }
}
