package io.migd.invoke;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;

/** True unless the call was answered from the idempotency store: then the provider must not run again. */
public final class NeedsExecutionPredicate implements Predicate {

    @Override
    public boolean matches(Exchange exchange) {
        return !MigCall.of(exchange).isReplayed();
    }
}
