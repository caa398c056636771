package io.migd.invoke;

import io.migd.envelope.MigException;

import java.util.function.Consumer;

/** One running invocation or stream, cancellable through the {@link InFlightRegistry}. */
public final class InFlight {

    private final String tenant;
    private final String messageId;
    private final Consumer<MigException> canceller;

    InFlight(String tenant, String messageId, Consumer<MigException> canceller) {
        this.tenant = tenant;
        this.messageId = messageId;
        this.canceller = canceller;
    }

    public String tenant() {
        return tenant;
    }

    public String messageId() {
        return messageId;
    }

    void cancel(MigException reason) {
        canceller.accept(reason);
    }
}
