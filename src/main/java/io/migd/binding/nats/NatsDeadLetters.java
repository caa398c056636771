package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Poison messages — an event a NATS client published that cannot become an event (not JSON, payload not an object,
 * invalid topic...) and that no reply told the client about, or one delivered too often without success — go to
 * {@code mig.v0_1.<tenant>.dlq.events.<topic>} (or {@code mig.v0_1._invalid.dlq.events} when the subject itself is
 * unusable), with the original body and headers saying why. In JetStream mode the dead-letter stream keeps them.
 */
public final class NatsDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(NatsDeadLetters.class);

    private final NatsConnector connector;
    private final AtomicLong count = new AtomicLong();

    public NatsDeadLetters(NatsConnector connector) {
        this.connector = connector;
    }

    public void send(String subject, byte[] body, ObjectNode errorEnvelope, JetStreamDelivery.Delivery delivery) {
        Connection connection = connector == null ? null : connector.connection();
        String target = NatsSubjects.deadLetter(subject);
        Headers headers = new Headers();
        String code = NatsReplies.errorCode(errorEnvelope);
        if (code != null) {
            headers.put(NatsHeaders.ERROR_CODE, code);
        }
        String reason = errorEnvelope.path("error").path("message").asText("");
        if (NatsHeaders.isHeaderSafe(reason)) {
            headers.put(NatsHeaders.DLQ_REASON, reason);
        }
        if (subject != null && NatsHeaders.isHeaderSafe(subject)) {
            headers.put(NatsHeaders.DLQ_SUBJECT, subject);
        }
        if (delivery != null && delivery.streamSequence() > 0) {
            headers.put(NatsHeaders.DLQ_STREAM_SEQUENCE, Long.toString(delivery.streamSequence()));
            headers.put(NatsHeaders.DLQ_DELIVERIES, Long.toString(delivery.deliveries()));
        }
        count.incrementAndGet();
        LOG.warn("dead-lettered a message from {} to {}: {} {}", subject, target, code, reason);
        if (connection == null) {
            return;
        }
        try {
            connection.publish(NatsMessage.builder().subject(target).headers(headers)
                    .data(body == null ? new byte[0] : body).build());
        } catch (RuntimeException e) {
            LOG.warn("could not dead-letter to {}: {}", target, e.toString());
        }
    }

    public long count() {
        return count.get();
    }
}
