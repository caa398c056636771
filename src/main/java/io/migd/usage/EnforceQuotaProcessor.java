package io.migd.usage;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Reserves one execution of the tenant's quota right before a provider runs (after idempotency: a replay is not an
 * execution). The reservation is released when the outcome is recorded.
 */
public final class EnforceQuotaProcessor implements Processor {

    private final Quotas quotas;

    public EnforceQuotaProcessor(Quotas quotas) {
        this.quotas = quotas;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        if (call.quotaPermit() == null) {
            call.quotaPermit(quotas.acquire(call.tenant()));
        }
    }
}
