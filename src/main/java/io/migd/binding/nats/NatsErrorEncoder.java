package io.migd.binding.nats;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Any failure of a NATS request → the MIG error envelope as the reply, with the {@code Mig-Error-Code} header. */
public final class NatsErrorEncoder implements Processor {

    private final NatsConnector connector;

    public NatsErrorEncoder(NatsConnector connector) {
        this.connector = connector;
    }

    @Override
    public void process(Exchange exchange) {
        NatsStreamProcessors.discard(exchange);
        NatsReplies.reply(connector, exchange, NatsReplies.errorEnvelope(exchange));
    }
}
