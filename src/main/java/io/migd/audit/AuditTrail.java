package io.migd.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.envelope.Json;

import java.util.concurrent.CompletableFuture;

/**
 * Where audit records go: always the bounded in-memory log (for the export), and the JSON-lines file when one is
 * configured. {@link #append} completes when the record is as durable as the configured flush policy promises.
 */
public final class AuditTrail {

    public static final String RECORDS_METRIC = "mig_gateway_audit_records_total";
    public static final String FAILURES_METRIC = "mig_gateway_audit_write_failures_total";

    private final AuditLog memory;
    private final AuditSink file;
    private final Counter records;
    private final Counter failures;

    /** @param file the durable sink (the JSON-lines file), or null for memory only */
    public AuditTrail(AuditLog memory, AuditSink file, MeterRegistry meters) {
        this.memory = memory;
        this.file = file;
        this.records = meters.counter(RECORDS_METRIC);
        this.failures = meters.counter(FAILURES_METRIC);
    }

    public CompletableFuture<Void> append(AuditRecord record) {
        byte[] line = Json.write(record.toJson());
        memory.add(record.tenantId(), line);
        records.increment();
        if (file == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> written = file.append(line);
        written.whenComplete((v, failure) -> {
            if (failure != null) {
                failures.increment();
            }
        });
        return written;
    }

    public AuditLog memory() {
        return memory;
    }
}
