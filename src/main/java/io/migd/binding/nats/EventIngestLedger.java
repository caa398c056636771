package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * In JetStream mode one client message on an events subject reaches the gateway twice: through the core NATS
 * subscription (which alone knows the client's reply subject) and through the durable JetStream consumer (which also
 * sees what was published while the gateway was away). This ledger makes sure it is published into the event hub
 * once: whichever side sees a message first takes it ({@link Claim#mine()}) and records the outcome; the other side
 * finds that claim ({@link Claim#twin()}) and only uses its outcome — the core side to answer the client, the
 * JetStream side to dead-letter a failure. Messages are matched by subject and body; identical messages pair up in
 * order. Unmatched claims (a publish without reply subject is only ever seen by the JetStream side) expire.
 *
 * <p>It also remembers the JetStream stream sequences it has ingested, so a redelivery (an ack lost in a NATS
 * restart) is not published twice.
 */
public final class EventIngestLedger {

    /** Which door a message came through. */
    public enum Side { CORE, JETSTREAM }

    /** What the ingest of one message ended with: the envelope the client gets (ack or error). */
    public record Outcome(ObjectNode envelope, String errorCode) {
        public boolean failed() {
            return errorCode != null;
        }
    }

    /** One side's hold on one message. */
    public static final class Claim {
        private final Side side;
        private final boolean mine;
        private final CompletableFuture<Outcome> outcome;
        private final long createdNanos;

        private Claim(Side side, boolean mine, CompletableFuture<Outcome> outcome) {
            this.side = side;
            this.mine = mine;
            this.outcome = outcome;
            this.createdNanos = System.nanoTime();
        }

        /** True: this side publishes the event and must {@link #complete} the claim. */
        public boolean mine() {
            return mine;
        }

        /** True: the other side took the message; {@link #outcome()} tells how it went. */
        public boolean twin() {
            return !mine;
        }

        public CompletableFuture<Outcome> outcome() {
            return outcome;
        }

        public void complete(Outcome result) {
            outcome.complete(result);
        }
    }

    private final long ttlNanos;
    private final int maxClaims;
    private final Map<String, ArrayDeque<Claim>> open = new HashMap<>();
    /** Every claim in the order it was made, for expiry; matched claims are skipped when reached. */
    private final ArrayDeque<Map.Entry<String, Claim>> order = new ArrayDeque<>();
    private int openCount;
    private final Map<Long, Boolean> ingestedSequences;

    public EventIngestLedger(long ttlMillis, int maxClaims) {
        this.ttlNanos = ttlMillis * 1_000_000L;
        this.maxClaims = maxClaims;
        this.ingestedSequences = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > maxClaims;
            }
        };
    }

    /** The key that pairs the two copies of one message. */
    public static String key(String subject, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(subject.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(body == null ? new byte[0] : body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the message for {@code side}, or returns the other side's claim on it. A new claim starts pending;
     * whoever holds it must {@link Claim#complete} it.
     */
    public synchronized Claim claim(String key, Side side) {
        expire();
        ArrayDeque<Claim> claims = open.get(key);
        if (claims != null) {
            for (Iterator<Claim> it = claims.iterator(); it.hasNext(); ) {
                Claim other = it.next();
                if (other.side != side) {
                    it.remove();
                    openCount--;
                    if (claims.isEmpty()) {
                        open.remove(key);
                    }
                    return new Claim(side, false, other.outcome);
                }
            }
        }
        Claim mine = new Claim(side, true, new CompletableFuture<>());
        open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(mine);
        openCount++;
        order.addLast(Map.entry(key, mine));
        return mine;
    }

    /** @return false when the JetStream message with that stream sequence was ingested already (a redelivery) */
    public synchronized boolean firstDelivery(long streamSequence) {
        return ingestedSequences.put(streamSequence, Boolean.TRUE) == null;
    }

    public synchronized int openClaims() {
        return openCount;
    }

    private void expire() {
        long now = System.nanoTime();
        while (!order.isEmpty()) {
            Map.Entry<String, Claim> first = order.peekFirst();
            ArrayDeque<Claim> claims = open.get(first.getKey());
            boolean stillOpen = claims != null && claims.contains(first.getValue());
            if (stillOpen && now - first.getValue().createdNanos < ttlNanos && openCount <= maxClaims) {
                return;
            }
            order.pollFirst();
            if (stillOpen) {
                claims.remove(first.getValue());
                openCount--;
                if (claims.isEmpty()) {
                    open.remove(first.getKey());
                }
            }
        }
    }
}
