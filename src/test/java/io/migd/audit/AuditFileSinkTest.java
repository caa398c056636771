package io.migd.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditFileSinkTest {

    @Test
    void concurrentAppendsAreAllWrittenWholeBeforeTheirFuturesComplete(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<CompletableFuture<Void>> written = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (AuditFileSink sink = AuditFileSink.open(file, true)) {
            List<CompletableFuture<CompletableFuture<Void>>> submitted = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String line = "{\"n\":" + i + ",\"pad\":\"" + "x".repeat(i % 50) + "\"}";
                submitted.add(CompletableFuture.supplyAsync(
                        () -> sink.append(line.getBytes(StandardCharsets.UTF_8)), pool));
            }
            for (CompletableFuture<CompletableFuture<Void>> s : submitted) {
                written.add(s.get(10, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // completed means on disk already, not at close
            List<String> lines = Files.readAllLines(file);
            assertEquals(2000, lines.size());
            HashSet<String> distinct = new HashSet<>(lines);
            assertEquals(2000, distinct.size());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"n\":") && l.endsWith("\"}")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reopeningAppendsAndClosesOffATornLastLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Files.writeString(file, "{\"first\":1}\n{\"torn\":");
        try (AuditFileSink sink = AuditFileSink.open(file, false)) {
            sink.append("{\"second\":2}".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of("{\"first\":1}", "{\"torn\":", "{\"second\":2}"), Files.readAllLines(file));
    }

    @Test
    void aClosedSinkRefusesInsteadOfPretending(@TempDir Path dir) throws Exception {
        AuditFileSink sink = AuditFileSink.open(dir.resolve("a.jsonl"), false);
        sink.close();
        assertTrue(sink.append(new byte[] {'{', '}'}).isCompletedExceptionally());
    }
}
