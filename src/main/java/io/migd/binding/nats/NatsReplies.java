package io.migd.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an answer to the subject a NATS client asked for it on: the envelope as body, its MIG header fields mirrored
 * into NATS headers, and {@code Mig-Error-Code} on an error envelope. camel-nats' own reply cannot carry headers, so
 * the binding routes switch it off ({@code replyToDisabled=true}) and answer through this.
 */
public final class NatsReplies {

    private static final Logger LOG = LoggerFactory.getLogger(NatsReplies.class);
    /** The error envelope of a failed exchange, computed once (unexpected failures are logged when computed). */
    static final String ERROR_ENVELOPE = "migdNatsErrorEnvelope";

    private NatsReplies() {
    }

    /** Publishes {@code envelope} to the exchange's reply subject, if the client gave one. */
    static void reply(NatsConnector connector, Exchange exchange, ObjectNode envelope) {
        String replyTo = exchange.getProperty(NatsRequestDecoder.REPLY_TO, String.class);
        if (replyTo == null || connector == null) {
            return;
        }
        MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
        String idempotencyKey = call == null || call.header() == null ? null : call.header().idempotencyKey();
        publish(connector.connection(), replyTo, envelope, idempotencyKey);
    }

    /** Publishes an envelope with its mirrored headers to {@code subject}. */
    static void publish(Connection connection, String subject, ObjectNode envelope, String idempotencyKey) {
        if (connection == null) {
            LOG.debug("no NATS connection; answer to {} dropped", subject);
            return;
        }
        Headers headers = NatsHeaders.mirror(envelope.get("header"), idempotencyKey);
        String code = errorCode(envelope);
        if (code != null) {
            headers.put(NatsHeaders.ERROR_CODE, code);
        }
        try {
            connection.publish(NatsMessage.builder().subject(subject).headers(headers).data(Json.write(envelope))
                    .build());
        } catch (RuntimeException e) {
            // an invalid reply subject, or the reconnect buffer is full: the client's request times out
            LOG.warn("could not answer on NATS subject {}: {}", subject, e.toString());
        }
    }

    /** The MIG error envelope for the failure on {@code exchange}. */
    static ObjectNode errorEnvelope(Exchange exchange) {
        ObjectNode cached = exchange.getProperty(ERROR_ENVELOPE, ObjectNode.class);
        if (cached != null) {
            return cached;
        }
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        MigException error = rejected(failure)
                ? new MigException(io.migd.envelope.MigErrorCode.MIG_BACKPRESSURE,
                        "the gateway cannot take more work right now; retry later")
                : MigErrors.toMig(failure);
        ObjectNode envelope = MigErrors.envelope(exchange.getProperty(MigCall.PROPERTY, MigCall.class), error);
        exchange.setProperty(ERROR_ENVELOPE, envelope);
        return envelope;
    }

    /** A worker pool refused the work (full, or shutting down). */
    private static boolean rejected(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
        }
        return false;
    }

    /** The {@code error.code} of an envelope, or null for a success envelope. */
    static String errorCode(ObjectNode envelope) {
        JsonNode code = envelope.path("error").path("code");
        return code.isTextual() ? code.asText() : null;
    }
}
