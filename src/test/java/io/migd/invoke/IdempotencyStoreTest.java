package io.migd.invoke;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotencyStoreTest {

    private static ObjectNode obj(String k, int v) {
        ObjectNode node = Json.object();
        node.put(k, v);
        return node;
    }

    @Test
    void ownerThenWaitThenReplay() {
        IdempotencyStore store = new IdempotencyStore(60_000, 10);
        var owner = assertInstanceOf(IdempotencyStore.Owner.class, store.claim("k", obj("a", 1)));
        var wait = assertInstanceOf(IdempotencyStore.Wait.class, store.claim("k", obj("a", 1)));
        assertInstanceOf(IdempotencyStore.Conflict.class, store.claim("k", obj("a", 2)));
        store.complete(owner, obj("r", 7));
        assertEquals(7, wait.result().join().get("r").asInt());
        var replay = assertInstanceOf(IdempotencyStore.Replay.class, store.claim("k", obj("a", 1)));
        assertEquals(7, replay.result().get("r").asInt());
    }

    @Test
    void abandonFreesTheKeyAndFailsWaiters() {
        IdempotencyStore store = new IdempotencyStore(60_000, 10);
        var owner = assertInstanceOf(IdempotencyStore.Owner.class, store.claim("k", obj("a", 1)));
        var wait = assertInstanceOf(IdempotencyStore.Wait.class, store.claim("k", obj("a", 1)));
        store.abandon(owner, new IllegalStateException("x"));
        assertTrue(wait.result().isCompletedExceptionally());
        assertInstanceOf(IdempotencyStore.Owner.class, store.claim("k", obj("a", 2)));
    }

    @Test
    void boundedByEntriesAndRetention() throws Exception {
        IdempotencyStore store = new IdempotencyStore(60_000, 3);
        for (int i = 0; i < 10; i++) {
            var owner = (IdempotencyStore.Owner) store.claim("k" + i, obj("a", i));
            store.complete(owner, obj("r", i));
        }
        assertTrue(store.size() <= 3, "size " + store.size());
        assertInstanceOf(IdempotencyStore.Replay.class, store.claim("k9", obj("a", 9)));

        IdempotencyStore shortLived = new IdempotencyStore(1, 10);
        var owner = (IdempotencyStore.Owner) shortLived.claim("k", obj("a", 1));
        shortLived.complete(owner, obj("r", 1));
        long until = System.nanoTime() + 1_000_000_000L;
        IdempotencyStore.Claim claim = shortLived.claim("k", obj("a", 2));
        while (!(claim instanceof IdempotencyStore.Owner) && System.nanoTime() < until) {
            claim = shortLived.claim("k", obj("a", 2));
        }
        assertInstanceOf(IdempotencyStore.Owner.class, claim, "expired results are forgotten");
    }
}
