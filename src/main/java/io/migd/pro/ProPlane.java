package io.migd.pro;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.audit.AuditLog;
import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthorizeAdminProcessor;
import io.migd.envelope.Identifiers;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.RequestFields;
import io.migd.usage.Quotas;
import io.migd.usage.UsageCounters;
import org.apache.camel.Exchange;

/**
 * The Pro plane (mig-spec §9): policy questions, per-tenant quotas, and the audit export. Each names a tenant; in JWT
 * mode that must be the token's own tenant.
 */
public final class ProPlane {

    private final PolicyEvaluator policies;
    private final Quotas quotas;
    private final UsageCounters usage;
    private final AuditLog audit;
    private final AuthDecisions decisions;

    public ProPlane(PolicyEvaluator policies, Quotas quotas, UsageCounters usage, AuditLog audit,
                    AuthDecisions decisions) {
        this.policies = policies;
        this.quotas = quotas;
        this.usage = usage;
        this.audit = audit;
        this.decisions = decisions;
    }

    /** {@code POST /pro/v0.1/policies/validate {tenant_id, capability, action}} → {@code {allowed, reason}}. */
    public void validatePolicy(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String tenant = namedTenant(call);
        String capability = Identifiers.requireCapabilityId(RequestFields.text(call, "capability"), "capability");
        String action = RequestFields.text(call, "action");
        PolicyEvaluator.Decision decision = policies.evaluate(call.principal(), tenant, capability, action);
        ObjectNode response = Json.object();
        response.put("allowed", decision.allowed());
        response.put("reason", decision.reason());
        response.put("tenant_id", tenant);
        response.put("capability", capability);
        response.put("action", action);
        call.response(response);
    }

    /** {@code POST /pro/v0.1/quotas {tenant_id, max_invocations}}: sets (or replaces) the tenant's quota. */
    public void setQuota(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String tenant = namedTenant(call);
        long max = RequestFields.nonNegative(call, "max_invocations");
        quotas.set(tenant, max);
        ObjectNode response = Json.object();
        response.put("tenant_id", tenant);
        response.put("max_invocations", max);
        response.put("used", usage.executions(tenant));
        call.response(response);
    }

    /** {@code GET /pro/v0.1/audit/export?tenant_id=} → {@code {"records": [...]}}, oldest first. */
    public void exportAudit(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String requested = call.query("tenant_id");
        if (requested != null && !requested.isEmpty()) {
            Identifiers.requireTenant(requested, "tenant_id");
        }
        String tenant = AuthorizeAdminProcessor.ownTenant(call, requested, decisions);
        ObjectNode response = Json.object();
        ArrayNode records = response.putArray("records");
        records.addAll(audit.export(tenant));
        call.response(response);
    }

    /** The request's {@code tenant_id}: required, well-formed, and the caller's own in JWT mode. */
    private String namedTenant(MigCall call) {
        String tenant = Identifiers.requireTenant(RequestFields.text(call, "tenant_id"), "tenant_id");
        AuthorizeAdminProcessor.ownTenant(call, tenant, decisions);
        return tenant;
    }
}
