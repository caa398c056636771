package io.migd.binding.nats;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * Reads which JetStream delivery an exchange is (stream sequence, delivery count) from the message's ack subject,
 * which camel-nats hands over as the reply subject. A message delivered {@code max-deliver} times without being
 * acknowledged (the gateway died or hung on it each time) is poison: it is refused here and dead-lettered instead of
 * being tried again. camel-nats acknowledges every delivery once its route has run, failed or not.
 */
public final class JetStreamDelivery implements Processor {

    public static final String PROPERTY = "migdJetStreamDelivery";

    /** Where a message sits in the stream and how often it has been delivered. */
    public record Delivery(long streamSequence, long deliveries) {
    }

    private final int maxDeliver;

    public JetStreamDelivery(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    @Override
    public void process(Exchange exchange) {
        Delivery delivery = parse(exchange.getIn().getHeader(NatsHeaders.CAMEL_REPLY_TO, String.class));
        exchange.setProperty(PROPERTY, delivery);
        if (delivery.deliveries() >= maxDeliver && maxDeliver > 1) {
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "delivered " + delivery.deliveries()
                    + " times without being processed", Map.of("deliveries", delivery.deliveries(),
                    "stream_sequence", delivery.streamSequence()));
        }
    }

    /**
     * Parses {@code $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<time>.<pending>} and the
     * newer form with domain and account hash after {@code $JS.ACK}.
     */
    public static Delivery parse(String ackSubject) {
        if (ackSubject == null || !ackSubject.startsWith("$JS.ACK.")) {
            return new Delivery(0, 1);
        }
        String[] tokens = ackSubject.split("\\.");
        int delivered;
        if (tokens.length == 9) {
            delivered = 4;
        } else if (tokens.length >= 11) {
            delivered = 6;
        } else {
            return new Delivery(0, 1);
        }
        try {
            return new Delivery(Long.parseLong(tokens[delivered + 1]), Long.parseLong(tokens[delivered]));
        } catch (NumberFormatException e) {
            return new Delivery(0, 1);
        }
    }
}
