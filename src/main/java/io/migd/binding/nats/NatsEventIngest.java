package io.migd.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Events that NATS clients publish on {@code mig.v0_1.<tenant>.events.<topic>}, taken into the event hub exactly
 * once (the routes {@code bind-nats-publish} and {@code bind-nats-events-jetstream} call these steps).
 *
 * <ul>
 *   <li>Core NATS only: the core subscription publishes every client message and answers requests with the
 *       PUBLISH ack (or the error envelope); a failed publish nobody could be told about is dead-lettered.</li>
 *   <li>JetStream: the durable consumer publishes every client message (also those sent while the gateway was away)
 *       and dead-letters failures; the core subscription only answers requests, with the outcome of whichever side
 *       took the message first ({@link EventIngestLedger}).</li>
 * </ul>
 * Messages the gateway mirrored itself ({@code Mig-Origin}) are never taken in, so mirroring cannot loop.
 */
public final class NatsEventIngest {

    static final String CLAIM = "migdNatsEventClaim";
    static final String SKIP = "migdNatsEventSkip";
    private static final long TWIN_WAIT_MS = 10_000;

    private final EventIngestLedger ledger;
    private final BooleanSupplier jetStreamIngestActive;
    private final NatsDeadLetters deadLetters;

    public NatsEventIngest(EventIngestLedger ledger, BooleanSupplier jetStreamIngestActive,
                           NatsDeadLetters deadLetters) {
        this.ledger = ledger;
        this.jetStreamIngestActive = jetStreamIngestActive;
        this.deadLetters = deadLetters;
    }

    /** Core subscription: a client's message (not a mirror) that this side handles. */
    public boolean isForCore(Exchange exchange) {
        if (NatsHeaders.isMirrored(exchange)) {
            return false;
        }
        String replyTo = exchange.getIn().getHeader(NatsHeaders.CAMEL_REPLY_TO, String.class);
        return !jetStreamIngestActive.getAsBoolean() || (replyTo != null && !replyTo.isEmpty());
    }

    /** JetStream consumer: a client's message (mirrors are stored in the stream too, and skipped). */
    public boolean isForJetStream(Exchange exchange) {
        return !NatsHeaders.isMirrored(exchange);
    }

    /** Takes the decoded message for this side, or finds that the other side has it (and then uses its outcome). */
    public void claim(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        JetStreamDelivery.Delivery delivery = exchange.getProperty(JetStreamDelivery.PROPERTY,
                JetStreamDelivery.Delivery.class);
        if (delivery != null && delivery.streamSequence() > 0 && !ledger.firstDelivery(delivery.streamSequence())) {
            exchange.setProperty(SKIP, Boolean.TRUE);
            return;
        }
        if (!jetStreamIngestActive.getAsBoolean() && delivery == null) {
            return;
        }
        EventIngestLedger.Side side = delivery == null ? EventIngestLedger.Side.CORE : EventIngestLedger.Side.JETSTREAM;
        String subject = exchange.getProperty(NatsRequestDecoder.SUBJECT, String.class);
        EventIngestLedger.Claim claim = ledger.claim(EventIngestLedger.key(subject, call.body()), side);
        exchange.setProperty(CLAIM, claim);
        if (claim.twin()) {
            exchange.setProperty(SKIP, Boolean.TRUE);
            EventIngestLedger.Outcome outcome = await(claim);
            if (outcome.failed()) {
                throw asException(outcome);
            }
            call.response(outcome.envelope());
        }
    }

    /** True when this side publishes the event (it is not a twin or a redelivery). */
    public boolean mustPublish(Exchange exchange) {
        return exchange.getProperty(SKIP) == null;
    }

    /** After a successful publish: the ack is the outcome the other side's copy will use. */
    public void record(Exchange exchange) {
        EventIngestLedger.Claim claim = exchange.getProperty(CLAIM, EventIngestLedger.Claim.class);
        if (claim != null && claim.mine()) {
            claim.complete(new EventIngestLedger.Outcome(MigCall.of(exchange).response(), null));
        }
    }

    /**
     * After a failure: completes this side's claim with the error envelope and dead-letters the message when
     * nobody else hears of the failure (a JetStream delivery, or a plain publish without reply subject).
     */
    public void failed(Exchange exchange) {
        ObjectNode envelope = NatsReplies.errorEnvelope(exchange);
        EventIngestLedger.Claim claim = exchange.getProperty(CLAIM, EventIngestLedger.Claim.class);
        if (claim != null && claim.mine()) {
            claim.complete(new EventIngestLedger.Outcome(envelope, NatsReplies.errorCode(envelope)));
        }
        JetStreamDelivery.Delivery delivery = exchange.getProperty(JetStreamDelivery.PROPERTY,
                JetStreamDelivery.Delivery.class);
        boolean noReply = exchange.getProperty(NatsRequestDecoder.REPLY_TO) == null;
        if (delivery != null || noReply) {
            MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
            byte[] body = call != null ? call.body() : exchange.getIn().getBody(byte[].class);
            deadLetters.send(exchange.getProperty(NatsRequestDecoder.SUBJECT, String.class), body, envelope,
                    delivery);
        }
    }

    private static EventIngestLedger.Outcome await(EventIngestLedger.Claim claim) {
        try {
            return claim.outcome().get(TWIN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "interrupted while publishing the event");
        } catch (ExecutionException | TimeoutException e) {
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "the event was not confirmed in time",
                    Map.of("retry", true));
        }
    }

    private static MigException asException(EventIngestLedger.Outcome outcome) {
        JsonNode error = outcome.envelope().path("error");
        MigErrorCode code;
        try {
            code = MigErrorCode.valueOf(outcome.errorCode());
        } catch (IllegalArgumentException e) {
            code = MigErrorCode.MIG_INTERNAL;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (error.path("details").isObject()) {
            details.putAll(Json.mapper().convertValue(error.path("details"), Map.class));
        }
        return new MigException(code, error.path("message").asText("event not published"), details);
    }
}
