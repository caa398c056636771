package io.migd.binding.nats;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.nats.NatsConfiguration;
import org.apache.camel.component.nats.NatsEndpoint;

/**
 * camel-nats' endpoint whose core NATS consumer processes asynchronously ({@link AsyncNatsConsumer}). A JetStream
 * consumer stays camel-nats' own: it subscribes with the client's auto-ack, which acknowledges a message when the
 * handler returns — only a synchronous route guarantees that is after the route has taken the message in (or
 * dead-lettered it). Producers are camel-nats' own.
 */
public final class SharedConnectionNatsEndpoint extends NatsEndpoint {

    SharedConnectionNatsEndpoint(String uri, SharedConnectionNatsComponent component, NatsConfiguration config) {
        super(uri, component, config);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (getConfiguration().isJetstreamEnabled()) {
            return super.createConsumer(processor);
        }
        AsyncNatsConsumer consumer = new AsyncNatsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
