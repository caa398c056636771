package io.migd.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.invoke.IdempotencyStore.Claim;
import org.apache.camel.Exchange;
import org.apache.camel.AsyncCallback;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.SynchronizationAdapter;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * mig-spec §5.3 idempotency. With an {@code idempotency_key}: a stored result is replayed (marking the call replayed,
 * so the provider is not run), a concurrent duplicate waits for the first, and the same key with another payload is
 * a conflict. The first call's result is stored by {@link RecordIdempotencyProcessor} at the end of the success path.
 */
public final class ClaimIdempotencyProcessor extends AsyncProcessorSupport {

    private final IdempotencyStore store;
    private final long defaultDeadlineMs;

    public ClaimIdempotencyProcessor(IdempotencyStore store, long defaultDeadlineMs) {
        this.store = store;
        this.defaultDeadlineMs = defaultDeadlineMs;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        return attempt(exchange, callback, true);
    }

    /**
     * Settles the call's claim, or starts waiting for the first call with the same key.
     *
     * @param sync whether this runs on the thread that called {@link #process} (Camel's {@code doneSync})
     * @return {@code sync} when settled, false when waiting
     */
    private boolean attempt(Exchange exchange, AsyncCallback callback, boolean sync) {
        try {
            MigCall call = MigCall.of(exchange);
            String idempotencyKey = call.header().idempotencyKey();
            if (idempotencyKey != null) {
                String key = IdempotencyStore.key(call.tenant(), call.capability().id(), idempotencyKey);
                Claim claim = store.claim(key, call.payload());
                if (claim instanceof IdempotencyStore.Replay replay) {
                    call.result(replay.result());
                    call.replayed(true);
                } else if (claim instanceof IdempotencyStore.Conflict) {
                    throw new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                            "idempotency key reused with a different payload",
                            Map.of("field", "header.idempotency_key"), MigException.Refinement.CONFLICT);
                } else if (claim instanceof IdempotencyStore.Owner owner) {
                    call.idempotencyClaim(owner);
                    // whatever way the exchange ends without recording a result, the claim is given up
                    exchange.getExchangeExtension().addOnCompletion(new AbandonUnrecorded(store, owner));
                } else {
                    awaitFirst(exchange, call, (IdempotencyStore.Wait) claim, callback);
                    return false;
                }
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(sync);
        return sync;
    }

    /**
     * A concurrent duplicate waits for the first call without holding a thread (it may be an event loop the first
     * call needs): its result is replayed; if the first call gave its claim up, this one tries to become the owner.
     */
    private void awaitFirst(Exchange exchange, MigCall call, IdempotencyStore.Wait wait, AsyncCallback callback) {
        long remaining = Math.max(call.remainingMillis(defaultDeadlineMs), 0);
        // a copy: the timeout is this waiter's, the shared future stays the first call's
        wait.result().copy().orTimeout(remaining, TimeUnit.MILLISECONDS).whenComplete((result, failure) -> {
            if (failure == null) {
                call.result(result.deepCopy());
                call.replayed(true);
                callback.done(false);
            } else if (unwrap(failure) instanceof TimeoutException) {
                exchange.setException(new MigException(MigErrorCode.MIG_TIMEOUT,
                        "deadline passed while waiting for the first call with this idempotency key",
                        Map.of("cancelled", false)));
                callback.done(false);
            } else {
                attempt(exchange, callback, false);
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
    }

    private static final class AbandonUnrecorded extends SynchronizationAdapter {
        private final IdempotencyStore store;
        private final IdempotencyStore.Owner owner;

        AbandonUnrecorded(IdempotencyStore store, IdempotencyStore.Owner owner) {
            this.store = store;
            this.owner = owner;
        }

        @Override
        public void onDone(Exchange exchange) {
            store.abandon(owner, new IllegalStateException("the first call ended without a result"));
        }
    }
}
