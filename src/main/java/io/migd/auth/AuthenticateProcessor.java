package io.migd.auth;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Establishes the caller's principal from the credentials the binding extracted; refusals are logged and counted. */
public final class AuthenticateProcessor implements Processor {

    private final Authenticator authenticator;
    private final AuthDecisions decisions;

    public AuthenticateProcessor(Authenticator authenticator, AuthDecisions decisions) {
        this.authenticator = authenticator;
        this.decisions = decisions;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        try {
            call.principal(authenticator.authenticate(call.credentials()));
        } catch (AuthException e) {
            decisions.deny(null, call.credentials().tenantHeader(), call.target(), e.reason());
            throw e;
        }
    }
}
