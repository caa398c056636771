package io.migd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Completed results per (tenant, capability, idempotency key), kept for a retention window, plus the claims of
 * invocations still running so that a concurrent duplicate waits for the first instead of running again.
 * Bounded: past {@code maxEntries} the oldest results are forgotten first.
 */
public final class IdempotencyStore {

    /** The outcome of {@link #claim}. */
    public sealed interface Claim permits Owner, Replay, Wait, Conflict {
    }

    /** No result yet: the caller runs the invocation and must {@link #complete} or {@link #abandon}. */
    public record Owner(String key, Entry entry) implements Claim {
    }

    /** A stored result for the same payload. */
    public record Replay(ObjectNode result) implements Claim {
    }

    /** The same key and payload is running now; the future completes with its result, or fails if it fails. */
    public record Wait(CompletableFuture<ObjectNode> result) implements Claim {
    }

    /** The key was used with another payload. */
    public record Conflict() implements Claim {
    }

    /** One key's state. */
    public static final class Entry {
        final JsonNode payload;
        final CompletableFuture<ObjectNode> result = new CompletableFuture<>();
        volatile long expiresNanos = Long.MAX_VALUE;

        Entry(JsonNode payload) {
            this.payload = payload;
        }
    }

    private final long retentionNanos;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    public IdempotencyStore(long retentionMillis, int maxEntries) {
        this.retentionNanos = retentionMillis * 1_000_000L;
        this.maxEntries = maxEntries;
    }

    public static String key(String tenant, String capability, String idempotencyKey) {
        return tenant + '\u0000' + capability + '\u0000' + idempotencyKey;
    }

    public Claim claim(String key, JsonNode payload) {
        synchronized (entries) {
            evictExpired();
            Entry entry = entries.get(key);
            if (entry == null) {
                Entry owned = new Entry(payload.deepCopy());
                entries.put(key, owned);
                return new Owner(key, owned);
            }
            if (!entry.payload.equals(payload)) {
                return new Conflict();
            }
            if (entry.result.isDone() && !entry.result.isCompletedExceptionally()) {
                return new Replay(entry.result.join().deepCopy());
            }
            return new Wait(entry.result);
        }
    }

    /** Stores the owner's result for the retention window and releases any waiters. */
    public void complete(Owner owner, ObjectNode result) {
        synchronized (entries) {
            owner.entry().expiresNanos = System.nanoTime() + retentionNanos;
        }
        owner.entry().result.complete(result.deepCopy());
    }

    /** The owner failed: forget the claim so that a retry runs, and let waiters try again. */
    public void abandon(Owner owner, Throwable failure) {
        if (owner.entry().result.isDone()) {
            return;
        }
        synchronized (entries) {
            entries.remove(owner.key(), owner.entry());
        }
        owner.entry().result.completeExceptionally(failure);
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void evictExpired() {
        long now = System.nanoTime();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            boolean expired = entry.result.isDone() && entry.expiresNanos - now < 0;
            boolean overFull = entries.size() >= maxEntries && entry.result.isDone();
            if (expired || overFull) {
                it.remove();
            } else if (entry.result.isDone()) {
                break;
            }
        }
    }
}
