package io.migd.auth;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Establishes the caller's principal from the credentials the binding extracted. */
public final class AuthenticateProcessor implements Processor {

    private final Authenticator authenticator;

    public AuthenticateProcessor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        call.principal(authenticator.authenticate(call.credentials()));
    }
}
