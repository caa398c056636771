package io.migd.management;

import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthException;
import io.migd.auth.Authenticator;
import io.migd.auth.Credentials;
import io.migd.auth.Principal;
import io.migd.binding.http.HttpErrorEncoder;
import io.migd.envelope.Json;
import io.migd.envelope.MigErrors;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Camel's developer console ({@code /q/dev/*}) shows and controls routes, so in JWT mode it is an admin plane like
 * {@code /admin}: a bearer token with {@code mig:admin} is required. Health ({@code /observe/health}) and metrics stay
 * open (mig-spec §3). In open mode, like the admin plane, it is open.
 */
public final class ManagementGuard implements Handler<RoutingContext> {

    public static final String PATH_REGEX = "/q/.*";

    private final Authenticator authenticator;
    private final AuthDecisions decisions;

    public ManagementGuard(Authenticator authenticator, AuthDecisions decisions) {
        this.authenticator = authenticator;
        this.decisions = decisions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String resource = "console:" + ctx.normalizedPath();
        try {
            Principal principal = authenticator.authenticate(new Credentials(
                    ctx.request().getHeader("Authorization"), ctx.request().getHeader("X-Tenant-ID")));
            if (!principal.holds(Principal.ADMIN_SCOPE)) {
                decisions.deny(principal.subject(), principal.tenant(), resource,
                        AuthDecisions.Reason.ADMIN_SCOPE_REQUIRED);
                throw AuthException.forbidden("the developer console needs the " + Principal.ADMIN_SCOPE + " scope",
                        AuthDecisions.Reason.ADMIN_SCOPE_REQUIRED);
            }
            decisions.allow(principal.subject(), principal.tenant(), resource, AuthDecisions.Reason.ADMIN_SCOPE_HELD);
            ctx.next();
        } catch (AuthException e) {
            if (e.code() == io.migd.envelope.MigErrorCode.MIG_UNAUTHORIZED) {
                decisions.deny(null, null, resource, e.reason());
            }
            ctx.response().setStatusCode(HttpErrorEncoder.status(e)).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.write(MigErrors.envelope(null, e))));
        }
    }
}
