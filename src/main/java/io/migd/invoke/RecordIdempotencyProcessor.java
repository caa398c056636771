package io.migd.invoke;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Stores a successful, validated result under the call's idempotency claim (if it owns one). */
public final class RecordIdempotencyProcessor implements Processor {

    private final IdempotencyStore store;

    public RecordIdempotencyProcessor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        if (call.idempotencyClaim() != null && call.result() != null) {
            store.complete(call.idempotencyClaim(), call.result());
        }
    }
}
