package io.migd.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {

    private static AuditRecord record(String tenant, int n) {
        return new AuditRecord("2026-11-22T10:00:00.000Z", "anonymous", tenant, "cap.x", "success", "m-" + n,
                null, "http", n);
    }

    private static List<String> ids(List<ObjectNode> records) {
        return records.stream().map(r -> r.path("message_id").asText()).toList();
    }

    @Test
    void keepsTheNewestRecordsOldestFirstPerTenant() {
        AuditLog log = new AuditLog(4);
        for (int i = 1; i <= 6; i++) {
            log.add(record(i % 2 == 0 ? "even" : "odd", i));
        }
        assertEquals(List.of("m-3", "m-4", "m-5", "m-6"), ids(log.export(null)));
        assertEquals(List.of("m-4", "m-6"), ids(log.export("even")));
        assertEquals(List.of("m-3", "m-5"), ids(log.export("odd")));
        assertTrue(log.export("nobody").isEmpty());
    }

    @Test
    void exportsEveryFieldOfTheRecord() {
        AuditLog log = new AuditLog(2);
        log.add(record("acme", 7));
        ObjectNode exported = log.export("acme").get(0);
        assertEquals(record("acme", 7).toJson().toString(), exported.toString());
    }

    @Test
    void beforeItFillsAndWhenDisabled() {
        AuditLog log = new AuditLog(3);
        log.add(record("a", 1));
        assertEquals(List.of("m-1"), ids(log.export(null)));
        AuditLog off = new AuditLog(0);
        off.add(record("a", 1));
        assertTrue(off.export(null).isEmpty());
    }
}
