package io.migd.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The most recent audit records in memory, oldest forgotten first, for {@code GET /pro/v0.1/audit/export}. */
public final class AuditLog {

    private final int maxRecords;
    private final Deque<AuditRecord> records = new ArrayDeque<>();

    public AuditLog(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    public synchronized void add(AuditRecord record) {
        if (maxRecords == 0) {
            return;
        }
        if (records.size() >= maxRecords) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    /** The records of {@code tenant} (all records when null), oldest first. */
    public synchronized List<AuditRecord> export(String tenant) {
        List<AuditRecord> out = new ArrayList<>();
        for (AuditRecord record : records) {
            if (tenant == null || tenant.equals(record.tenantId())) {
                out.add(record);
            }
        }
        return out;
    }
}
