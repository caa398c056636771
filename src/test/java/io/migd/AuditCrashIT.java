package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.ChildGateway;
import io.migd.support.MigClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit file's flush policy under a crash: the gateway answers an invocation only after its audit line is written,
 * so after SIGKILL in the middle of a load every acknowledged invocation is in the file; a restarted gateway appends.
 */
class AuditCrashIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final int CONCURRENCY = 16;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

    @Test
    void noAcknowledgedRecordIsLostWhenTheProcessIsKilledAndARestartAppends(@TempDir Path dir) throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Map<String, String> env = Map.of("MIGD_AUDIT_LOG_PATH", audit.toString());  // CLI connector off: nothing left in ~/.camel
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (ChildGateway migd = ChildGateway.start(dir, env, START)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            Semaphore slots = new Semaphore(CONCURRENCY);
            AtomicBoolean firing = new AtomicBoolean(true);
            AtomicInteger sent = new AtomicInteger();
            while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL) {
                slots.acquire();
                String id = "crash-" + sent.incrementAndGet();
                http.sendAsync(request(migd, id), HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, failure) -> {
                            if (failure == null && response.statusCode() == 200 && firing.get()) {
                                acknowledged.add(id);
                            }
                            slots.release();
                        });
            }
            migd.kill(); // while CONCURRENCY invocations are still in flight
            firing.set(false);
            assertTrue(slots.tryAcquire(CONCURRENCY, 20, TimeUnit.SECONDS), "requests still pending after the kill");
        }

        List<String> lines = Files.readAllLines(audit, StandardCharsets.UTF_8);
        Set<String> inFile = new HashSet<>();
        for (String line : lines) {
            JsonNode record = MigClient.JSON.readTree(line);
            inFile.add(record.path("message_id").asText());
            assertEquals("success", record.path("outcome").asText(), line);
        }
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(inFile);
        assertEquals(Set.of(), lost, "acknowledged but not in the audit file (" + acknowledged.size()
                + " acknowledged, " + inFile.size() + " in the file)");

        byte[] before = Files.readAllBytes(audit);
        try (ChildGateway again = ChildGateway.start(dir, env, START)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request(again, "after-restart"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
        byte[] after = Files.readAllBytes(audit);
        assertTrue(after.length > before.length, "nothing appended after the restart");
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], after[i], "the restart rewrote byte " + i + " of the earlier records");
        }
        List<String> added = new ArrayList<>(List.of(new String(after, before.length, after.length - before.length,
                StandardCharsets.UTF_8).split("\n")));
        added.removeIf(String::isEmpty);
        assertEquals(1, added.size(), added.toString());
        assertEquals("after-restart", MigClient.JSON.readTree(added.get(0)).path("message_id").asText());
    }

    private static HttpRequest request(ChildGateway migd, String messageId) {
        return HttpRequest.newBuilder(migd.base().resolve("/mig/v0.1/invoke/observatory.models.infer"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Tenant-ID", "acme")
                .POST(HttpRequest.BodyPublishers.ofString("{\"header\":{\"message_id\":\"" + messageId
                        + "\"},\"payload\":{\"input\":\"audit me\"}}"))
                .build();
    }
}
