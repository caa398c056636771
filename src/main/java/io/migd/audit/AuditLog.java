package io.migd.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * The most recent audit records in memory, oldest forgotten first, for {@code GET /pro/v0.1/audit/export}. Each is
 * kept as its serialized JSON line (one array per record, in a ring): thousands of records live for seconds under
 * load, and as object graphs they would be copied by every young collection until they die.
 */
public final class AuditLog {

    private final int maxRecords;
    private final String[] tenants;
    private final byte[][] lines;
    private int next;
    private int size;

    public AuditLog(int maxRecords) {
        this.maxRecords = maxRecords;
        this.tenants = new String[maxRecords];
        this.lines = new byte[maxRecords][];
    }

    public void add(AuditRecord record) {
        add(record.tenantId(), Json.write(record.toJson()));
    }

    /** @param json the record as serialized JSON (the line the file sink writes) */
    public synchronized void add(String tenant, byte[] json) {
        if (maxRecords == 0) {
            return;
        }
        tenants[next] = tenant;
        lines[next] = json;
        next = (next + 1) % maxRecords;
        size = Math.min(size + 1, maxRecords);
    }

    /** The records of {@code tenant} (all records when null), oldest first. */
    public List<ObjectNode> export(String tenant) {
        List<byte[]> matching = new ArrayList<>();
        synchronized (this) {
            int first = (next - size + maxRecords) % Math.max(maxRecords, 1);
            for (int i = 0; i < size; i++) {
                int at = (first + i) % maxRecords;
                if (tenant == null || tenant.equals(tenants[at])) {
                    matching.add(lines[at]);
                }
            }
        }
        List<ObjectNode> out = new ArrayList<>(matching.size());
        for (byte[] line : matching) {
            out.add(Json.parseObject(line, "audit record"));
        }
        return out;
    }
}
