package io.migd.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthorizeAdminProcessor;
import io.migd.auth.Principal;
import io.migd.envelope.Identifiers;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.envelope.RequestFields;
import io.migd.ops.BindingCatalog;
import io.migd.usage.UsageCounters;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Cloud plane (mig-spec §9): organisations, tenants, gateways, and usage. Unknown org or tenant → 404
 * MIG_NOT_FOUND; in JWT mode a call naming another tenant than the token's is 403, and records created by another
 * tenant's admin are not found.
 */
public final class CloudPlane {

    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final CloudDirectory directory;
    private final UsageCounters usage;
    private final AuthDecisions decisions;

    public CloudPlane(CloudDirectory directory, UsageCounters usage, AuthDecisions decisions) {
        this.directory = directory;
        this.usage = usage;
        this.decisions = decisions;
    }

    /** {@code POST /cloud/v0.1/orgs {name}} → 201 {@code {id, name}}. */
    public void createOrg(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        CloudDirectory.Org org = directory.createOrg(RequestFields.text(call, "name"), owner(call));
        ObjectNode response = Json.object();
        response.put("id", org.id());
        response.put("name", org.name());
        created(call, response);
    }

    /**
     * {@code POST /cloud/v0.1/tenants {org_id, name}} → 201 {@code {id, org_id, name}}. The tenant id is the optional
     * {@code tenant_id} (in JWT mode it defaults to, and must be, the token's tenant), else generated.
     */
    public void createTenant(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String orgId = RequestFields.text(call, "org_id");
        String name = RequestFields.text(call, "name");
        String requested = call.requestText("tenant_id");
        if (requested != null) {
            Identifiers.requireTenant(requested, "tenant_id");
        }
        String id = AuthorizeAdminProcessor.ownTenant(call, requested, decisions);
        CloudDirectory.Org org = directory.org(orgId, owner(call)).orElseThrow(() -> notFound("org", orgId));
        CloudDirectory.Tenant tenant = directory.createTenant(id, org.id(), name, owner(call));
        ObjectNode response = Json.object();
        response.put("id", tenant.id());
        response.put("org_id", tenant.orgId());
        response.put("name", tenant.name());
        created(call, response);
    }

    /** {@code POST /cloud/v0.1/gateways {tenant_id, region, binding}} → 201 {@code {id, tenant_id, region, binding}}. */
    public void createGateway(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String tenantId = Identifiers.requireTenant(RequestFields.text(call, "tenant_id"), "tenant_id");
        AuthorizeAdminProcessor.ownTenant(call, tenantId, decisions);
        String region = RequestFields.text(call, "region");
        if (!REGION.matcher(region).matches()) {
            throw MigException.invalidField("region", "letters, digits, '_' and '-', at most 64");
        }
        String binding = RequestFields.text(call, "binding");
        if (!BindingCatalog.HELLO_BINDINGS.contains(binding)) {
            throw MigException.invalidField("binding", "must be one of " + BindingCatalog.HELLO_BINDINGS);
        }
        CloudDirectory.Tenant tenant = directory.tenant(tenantId, owner(call))
                .orElseThrow(() -> notFound("tenant", tenantId));
        CloudDirectory.Gateway gateway = directory.createGateway(tenant.id(), region, binding, owner(call));
        ObjectNode response = Json.object();
        response.put("id", gateway.id());
        response.put("tenant_id", gateway.tenantId());
        response.put("region", gateway.region());
        response.put("binding", gateway.binding());
        created(call, response);
    }

    /** {@code GET /cloud/v0.1/usage[?tenant_id=]} → executions per tenant, per capability, and in total. */
    public void usage(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String requested = call.query("tenant_id");
        if (requested != null && !requested.isEmpty()) {
            Identifiers.requireTenant(requested, "tenant_id");
        }
        UsageCounters.Usage snapshot = usage.snapshot(AuthorizeAdminProcessor.ownTenant(call, requested, decisions));
        ObjectNode response = Json.object();
        response.set("tenant_invocations", Json.mapper().valueToTree(snapshot.tenantInvocations()));
        response.set("capability_invocations", Json.mapper().valueToTree(snapshot.capabilityInvocations()));
        response.put("total_invocations", snapshot.totalInvocations());
        call.response(response);
    }

    /** The tenant records are scoped to: the token's tenant in JWT mode, nobody (all visible) in open mode. */
    private static String owner(MigCall call) {
        Principal principal = call.principal();
        return principal.allScopes() ? null : principal.tenant();
    }

    private static void created(MigCall call, ObjectNode response) {
        call.response(response);
        call.created(true);
    }

    private static MigException notFound(String kind, String id) {
        return new MigException(MigErrorCode.MIG_NOT_FOUND, "unknown " + kind + " " + id.replaceAll("[^A-Za-z0-9_.:-]", "?"),
                Map.of("field", kind + "_id"));
    }
}
