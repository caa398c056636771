package io.migd.outcome;

import io.migd.audit.AuditRecord;
import io.migd.audit.AuditTrail;
import io.migd.envelope.Identifiers;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;
import io.migd.invoke.ProviderFailures;
import io.migd.metrics.OperationMetrics;
import io.migd.usage.Quotas;
import io.migd.usage.UsageCounters;

import java.util.concurrent.CompletableFuture;

/**
 * Everything that follows from how an invocation ended, on every binding, exactly once per invocation: usage
 * (successful executions only), the quota reservation given back, metrics, and one audit record. The returned future
 * completes when the audit record is durable; the binding answers only after that.
 */
public final class InvocationOutcomes {

    private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);

    private final AuditTrail audit;
    private final UsageCounters usage;
    private final InvocationMetrics metrics;
    private final OperationMetrics operations;

    public InvocationOutcomes(AuditTrail audit, UsageCounters usage, InvocationMetrics metrics,
                              OperationMetrics operations) {
        this.audit = audit;
        this.usage = usage;
        this.metrics = metrics;
        this.operations = operations;
    }

    /**
     * Records the outcome of {@code call}; a second call for the same invocation does nothing.
     *
     * @param failure how it failed, or null for a success (or replay)
     */
    public CompletableFuture<Void> record(MigCall call, Throwable failure) {
        if (!call.claimOutcome()) {
            return NOTHING;
        }
        MigException error = failure == null ? null : quietly(failure);
        String outcome = Outcome.of(error, call.isReplayed());
        String capability = call.capability() != null ? call.capability().id() : null;
        String tenant = tenantOf(call);
        if (Outcome.SUCCESS.equals(outcome)) {
            usage.recordExecution(tenant, capability);
        }
        Quotas.Permit permit = call.quotaPermit();
        if (permit != null) {
            permit.release();
        }
        long durationMs = call.elapsedMillis();
        metrics.record(capability, outcome, call.binding(), durationMs);
        if (error != null && call.isOutcomeDeferred()) {
            // a stream's terminal error happens after its operation route returned: count it here
            operations.error(error.code(), call.operation());
        }
        MigHeader header = call.header();
        String target = capability != null ? capability : safeTarget(call);
        return audit.append(new AuditRecord(MigHeader.now(),
                call.principal() == null ? null : call.principal().subject(), tenant, target, outcome,
                header == null ? null : header.messageId(), header == null ? null : header.traceparent(),
                call.binding(), durationMs));
    }

    /** The resolved tenant; before resolution, the tenant the request claimed (when it is a valid id). */
    private static String tenantOf(MigCall call) {
        String tenant = call.tenant();
        if (tenant == null && call.credentials() != null) {
            tenant = call.credentials().tenantHeader();
        }
        if (tenant == null && call.principal() != null) {
            tenant = call.principal().tenant();
        }
        try {
            return tenant == null ? null : Identifiers.requireTenant(tenant, "tenant");
        } catch (MigException e) {
            return null;
        }
    }

    /** The capability the request named, when it is a well-formed id (audit fields must be safe to log). */
    private static String safeTarget(MigCall call) {
        String id = call.target();
        if (id == null) {
            return null;
        }
        try {
            return Identifiers.requireCapabilityId(id, "capability");
        } catch (MigException e) {
            return null;
        }
    }

    private static MigException quietly(Throwable failure) {
        Throwable cause = ProviderFailures.unwrap(failure);
        return cause instanceof MigException mig ? mig
                : new MigException(io.migd.envelope.MigErrorCode.MIG_INTERNAL, "internal error");
    }
}
