package io.migd.invoke;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The invocations in flight, per (tenant, message id): what CANCEL finds, what HEARTBEAT's load factor measures and
 * what admission control bounds. A CANCEL that finds nothing leaves a tombstone for a while, so an invocation that
 * arrives after its own cancel is refused.
 */
public final class InFlightRegistry {

    public enum CancelStatus { CANCELLED, NOT_FOUND }

    private static final int MAX_TOMBSTONES = 100_000;

    private final int capacity;
    private final long tombstoneNanos;
    private final Map<String, InFlight> running = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    /** insertion-ordered, so the oldest tombstones are dropped first */
    private final LinkedHashMap<String, Long> tombstones = new LinkedHashMap<>();

    public InFlightRegistry(int capacity, long tombstoneMillis) {
        this.capacity = capacity;
        this.tombstoneNanos = tombstoneMillis * 1_000_000L;
    }

    /**
     * Admits an invocation.
     *
     * @param canceller called with the MIG_TIMEOUT (cancelled) error when a CANCEL targets it
     */
    public InFlight begin(String tenant, String messageId, Consumer<MigException> canceller) {
        String key = key(tenant, messageId);
        if (isTombstoned(key)) {
            throw cancelled(messageId, "cancelled before it started");
        }
        if (count.incrementAndGet() > capacity) {
            count.decrementAndGet();
            throw new MigException(MigErrorCode.MIG_BACKPRESSURE,
                    "the gateway is at its limit of " + capacity + " invocations in flight; retry later",
                    Map.of("capacity", capacity));
        }
        InFlight flight = new InFlight(tenant, messageId, canceller);
        if (running.putIfAbsent(key, flight) != null) {
            count.decrementAndGet();
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                    "message_id " + messageId + " is already in flight", Map.of("field", "header.message_id"),
                    MigException.Refinement.CONFLICT);
        }
        return flight;
    }

    public void end(InFlight flight) {
        if (running.remove(key(flight.tenant(), flight.messageId()), flight)) {
            count.decrementAndGet();
        }
    }

    /** Cancels the tenant's invocation with that message id; another tenant's work is never found. */
    public CancelStatus cancel(String tenant, String messageId, String reason) {
        InFlight flight = running.get(key(tenant, messageId));
        if (flight == null) {
            remember(key(tenant, messageId));
            return CancelStatus.NOT_FOUND;
        }
        flight.cancel(cancelled(messageId, reason == null ? "cancelled" : reason));
        return CancelStatus.CANCELLED;
    }

    public static MigException cancelled(String messageId, String reason) {
        return new MigException(MigErrorCode.MIG_TIMEOUT, "invocation " + messageId + " was cancelled",
                Map.of("cancelled", true, "reason", reason));
    }

    public int size() {
        return count.get();
    }

    public int capacity() {
        return capacity;
    }

    /** In-flight work over capacity, 0.0 to 1.0. */
    public double loadFactor() {
        return Math.min(1.0, Math.max(0.0, (double) count.get() / capacity));
    }

    private boolean isTombstoned(String key) {
        synchronized (tombstones) {
            Long expires = tombstones.get(key);
            if (expires == null) {
                return false;
            }
            if (expires - System.nanoTime() < 0) {
                tombstones.remove(key);
                return false;
            }
            return true;
        }
    }

    private void remember(String key) {
        long now = System.nanoTime();
        synchronized (tombstones) {
            for (Iterator<Long> it = tombstones.values().iterator(); it.hasNext(); ) {
                if (it.next() - now < 0 || tombstones.size() >= MAX_TOMBSTONES) {
                    it.remove();
                } else {
                    break;
                }
            }
            tombstones.remove(key);
            tombstones.put(key, now + tombstoneNanos);
        }
    }

    private static String key(String tenant, String messageId) {
        return tenant + '\u0000' + messageId;
    }
}
