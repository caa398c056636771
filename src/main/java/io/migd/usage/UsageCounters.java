package io.migd.usage;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Successful executions per (tenant, capability) — mig-spec §5.3: idempotent replays and failures are not usage.
 * Quotas read the per-tenant totals; {@code GET /cloud/v0.1/usage} reads a snapshot.
 */
public final class UsageCounters {

    /** What {@code GET /cloud/v0.1/usage} shows: per tenant, per capability, and the total. */
    public record Usage(Map<String, Long> tenantInvocations, Map<String, Long> capabilityInvocations,
                        long totalInvocations) {
    }

    private final Map<String, Map<String, LongAdder>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tenantTotals = new ConcurrentHashMap<>();

    public void recordExecution(String tenant, String capability) {
        if (tenant == null || capability == null) {
            return;
        }
        byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(capability, c -> new LongAdder()).increment();
        tenantTotals.computeIfAbsent(tenant, t -> new LongAdder()).increment();
    }

    public long executions(String tenant) {
        LongAdder total = tenantTotals.get(tenant);
        return total == null ? 0 : total.sum();
    }

    /** Usage of {@code tenant}, or of every tenant when it is null. */
    public Usage snapshot(String tenant) {
        Map<String, Long> tenants = new TreeMap<>();
        Map<String, Long> capabilities = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, Map<String, LongAdder>> entry : byTenant.entrySet()) {
            if (tenant != null && !tenant.equals(entry.getKey())) {
                continue;
            }
            long sum = 0;
            for (Map.Entry<String, LongAdder> capability : entry.getValue().entrySet()) {
                long n = capability.getValue().sum();
                capabilities.merge(capability.getKey(), n, Long::sum);
                sum += n;
            }
            tenants.put(entry.getKey(), sum);
            total += sum;
        }
        return new Usage(tenants, capabilities, total);
    }
}
