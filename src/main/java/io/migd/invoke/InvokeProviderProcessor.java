package io.migd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.capability.CapabilityRegistration;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs the capability's provider under the invocation's deadline and makes it cancellable. Whichever comes first —
 * the provider's answer, the deadline, or a CANCEL — decides the outcome; the provider call is abandoned otherwise.
 */
public final class InvokeProviderProcessor extends AsyncProcessorSupport {

    private final InFlightRegistry inFlight;
    private final DeadlineTimers deadlines;
    private final long defaultDeadlineMs;

    public InvokeProviderProcessor(InFlightRegistry inFlight, DeadlineTimers deadlines,
                                   long defaultDeadlineMs) {
        this.inFlight = inFlight;
        this.deadlines = deadlines;
        this.defaultDeadlineMs = defaultDeadlineMs;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            return start(exchange, callback);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private boolean start(Exchange exchange, AsyncCallback callback) {
        MigCall call = MigCall.of(exchange);
        CapabilityRegistration capability = call.capability();
        String id = capability.id();
        if (capability.provider() == null) {
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "no provider bound to capability " + id,
                    Map.of("capability", id));
        }
        long remaining = call.remainingMillis(defaultDeadlineMs);
        if (remaining <= 0) {
            throw deadlinePassed(call);
        }
        CompletableFuture<JsonNode> outcome = new CompletableFuture<>();
        InFlight flight = inFlight.begin(call.tenant(), call.header().messageId(), outcome::completeExceptionally);
        CompletableFuture<JsonNode> work;
        try {
            work = capability.provider().invoke(new ProviderRequest(id, call.payload(), call.header(),
                    call.principal().subject(), remaining));
        } catch (RuntimeException e) {
            inFlight.end(flight);
            throw ProviderFailures.toMig(e, id);
        }
        work.whenComplete((value, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(ProviderFailures.toMig(failure, id));
            } else {
                outcome.complete(value);
            }
        });
        ScheduledFuture<?> timer = deadlines.schedule(
                () -> outcome.completeExceptionally(deadlinePassed(call)), remaining);
        outcome.whenComplete((value, failure) -> {
            timer.cancel(false);
            inFlight.end(flight);
            if (failure != null) {
                work.cancel(true);
                exchange.setException(ProviderFailures.unwrap(failure));
            } else if (value == null || !value.isObject()) {
                exchange.setException(new MigException(MigErrorCode.MIG_INTERNAL,
                        "provider of " + id + " returned no JSON object", Map.of("capability", id)));
            } else {
                call.result((ObjectNode) value);
            }
            callback.done(false);
        });
        return false;
    }

    private MigException deadlinePassed(MigCall call) {
        Integer deadline = call.header().deadlineMs();
        return new MigException(MigErrorCode.MIG_TIMEOUT, "deadline of "
                + (deadline != null ? deadline : defaultDeadlineMs) + " ms passed",
                Map.of("deadline_ms", deadline != null ? deadline : defaultDeadlineMs, "cancelled", false));
    }
}
