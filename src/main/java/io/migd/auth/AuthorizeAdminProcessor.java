package io.migd.auth;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** The admin, pro and cloud planes need {@code mig:admin} (always held in open mode). */
public final class AuthorizeAdminProcessor implements Processor {

    private final AuthDecisions decisions;

    public AuthorizeAdminProcessor(AuthDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        Principal principal = call.principal();
        String resource = exchange.getFromRouteId();
        if (!principal.holds(Principal.ADMIN_SCOPE)) {
            decisions.deny(principal.subject(), principal.tenant(), resource, AuthDecisions.Reason.ADMIN_SCOPE_REQUIRED);
            throw AuthException.forbidden("this operation needs the " + Principal.ADMIN_SCOPE + " scope",
                    AuthDecisions.Reason.ADMIN_SCOPE_REQUIRED);
        }
        decisions.allow(principal.subject(), principal.tenant(), resource, principal.allScopes()
                ? AuthDecisions.Reason.OPEN_MODE : AuthDecisions.Reason.ADMIN_SCOPE_HELD);
    }

    /**
     * In JWT mode an admin acts for its own tenant only: {@code requested} (a tenant named by the request) must be
     * the token's tenant. Returns the tenant to act for (null: all, in open mode without a filter).
     */
    public static String ownTenant(MigCall call, String requested, AuthDecisions decisions) {
        Principal principal = call.principal();
        if (principal.allScopes()) {
            return requested == null || requested.isEmpty() ? null : requested;
        }
        if (requested != null && !requested.isEmpty() && !requested.equals(principal.tenant())) {
            decisions.deny(principal.subject(), principal.tenant(), "tenant:" + requested,
                    AuthDecisions.Reason.OTHER_TENANT);
            throw AuthException.forbidden("the token's tenant cannot act for another tenant",
                    AuthDecisions.Reason.OTHER_TENANT);
        }
        return principal.tenant();
    }
}
