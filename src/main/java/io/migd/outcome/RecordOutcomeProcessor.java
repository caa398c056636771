package io.migd.outcome;

import io.migd.envelope.MigCall;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The invocation routes' {@code doFinally} step: every outcome passes here before the binding answers. It records the
 * outcome (audit, usage, quota, metrics) and lets the route continue once the audit record is durable — without
 * holding a thread while the audit file is written. An invocation handed to a stream is recorded when the stream ends.
 */
public final class RecordOutcomeProcessor extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RecordOutcomeProcessor.class);

    private final InvocationOutcomes outcomes;
    private final Executor continuation;
    private final long maxWaitMillis;

    /**
     * @param continuation where the route continues after a queued audit write (never the audit writer thread)
     * @param maxWaitMillis how long an answer may wait for the audit file before it goes out anyway (logged)
     */
    public RecordOutcomeProcessor(InvocationOutcomes outcomes, Executor continuation, long maxWaitMillis) {
        this.outcomes = outcomes;
        this.continuation = continuation;
        this.maxWaitMillis = maxWaitMillis;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (call == null || (failure == null && call.isOutcomeDeferred())) {
            callback.done(true);
            return true;
        }
        CompletableFuture<Void> durable = outcomes.record(call, failure);
        if (durable.isDone()) {
            callback.done(true);
            return true;
        }
        durable.orTimeout(maxWaitMillis, TimeUnit.MILLISECONDS).whenCompleteAsync((v, error) -> {
            if (error != null) {
                LOG.error("audit record of {} not confirmed: {}", call.header() == null ? null
                        : call.header().messageId(), error.toString());
            }
            callback.done(false);
        }, continuation);
        return false;
    }
}
