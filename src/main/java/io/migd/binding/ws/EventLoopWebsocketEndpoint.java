package io.migd.binding.ws;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;

/** A vertx-websocket endpoint whose server consumer is an {@link EventLoopWebsocketConsumer}. */
final class EventLoopWebsocketEndpoint extends VertxWebsocketEndpoint {

    EventLoopWebsocketEndpoint(String uri, VertxWebsocketComponent component,
                               VertxWebsocketConfiguration configuration) {
        super(uri, component, configuration);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (getConfiguration().isConsumeAsClient()) {
            // a client consumer (this gateway dialling out) is not what this component changes
            return super.createConsumer(processor);
        }
        EventLoopWebsocketConsumer consumer = new EventLoopWebsocketConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
