package io.migd.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.invoke.IdempotencyStore.Claim;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * mig-spec §5.3 idempotency. With an {@code idempotency_key}: a stored result is replayed (marking the call replayed,
 * so the provider is not run), a concurrent duplicate waits for the first, and the same key with another payload is
 * a conflict. The first call's result is stored by {@link RecordIdempotencyProcessor} at the end of the success path.
 */
public final class ClaimIdempotencyProcessor implements Processor {

    private final IdempotencyStore store;
    private final long defaultDeadlineMs;

    public ClaimIdempotencyProcessor(IdempotencyStore store, long defaultDeadlineMs) {
        this.store = store;
        this.defaultDeadlineMs = defaultDeadlineMs;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        MigCall call = MigCall.of(exchange);
        String idempotencyKey = call.header().idempotencyKey();
        if (idempotencyKey == null) {
            return;
        }
        String key = IdempotencyStore.key(call.tenant(), call.capability().id(), idempotencyKey);
        while (true) {
            Claim claim = store.claim(key, call.payload());
            if (claim instanceof IdempotencyStore.Replay replay) {
                call.result(replay.result());
                call.replayed(true);
                return;
            }
            if (claim instanceof IdempotencyStore.Conflict) {
                throw new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                        "idempotency key reused with a different payload",
                        Map.of("field", "header.idempotency_key"), MigException.Refinement.CONFLICT);
            }
            if (claim instanceof IdempotencyStore.Owner owner) {
                call.idempotencyClaim(owner);
                // whatever way the exchange ends without recording a result, the claim is given up
                exchange.getExchangeExtension().addOnCompletion(new AbandonUnrecorded(store, owner));
                return;
            }
            if (awaitFirst(call, (IdempotencyStore.Wait) claim)) {
                return;
            }
            // the first call failed and gave its claim up: try to become the owner
        }
    }

    private boolean awaitFirst(MigCall call, IdempotencyStore.Wait wait) throws InterruptedException {
        long remaining = call.remainingMillis(defaultDeadlineMs);
        try {
            ObjectNode result = wait.result().get(Math.max(remaining, 0), TimeUnit.MILLISECONDS);
            call.result(result.deepCopy());
            call.replayed(true);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            throw new MigException(MigErrorCode.MIG_TIMEOUT,
                    "deadline passed while waiting for the first call with this idempotency key",
                    Map.of("cancelled", false));
        }
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
