package io.migd.auth;

import io.migd.envelope.Identifiers;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** mig-spec §3: fills {@code header.tenant_id} from the principal and refuses a mismatch. */
public final class ResolveTenantProcessor implements Processor {

    private final AuthDecisions decisions;

    public ResolveTenantProcessor(AuthDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        MigHeader header = call.header();
        Principal principal = call.principal();
        String principalTenant = principal == null ? null : principal.tenant();
        if (principalTenant != null) {
            Identifiers.requireTenant(principalTenant, "tenant");
        }
        String tenant = header.tenantId();
        if (tenant == null) {
            tenant = principalTenant;
        }
        if (tenant == null) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "tenant_id is required",
                    Map.of("field", "header.tenant_id", "reason", "missing"));
        }
        Identifiers.requireTenant(tenant, "header.tenant_id");
        if (principalTenant != null && !principalTenant.equals(tenant)) {
            decisions.deny(principal.subject(), principalTenant, "tenant:" + tenant, AuthDecisions.Reason.TENANT_MISMATCH);
            throw new MigException(MigErrorCode.MIG_FORBIDDEN, "tenant_id does not match the caller's tenant",
                    Map.of("field", "header.tenant_id", "reason", "tenant_mismatch"));
        }
        header.tenantId(tenant);
    }
}
