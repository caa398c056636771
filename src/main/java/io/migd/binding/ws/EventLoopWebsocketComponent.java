package io.migd.binding.ws;

import org.apache.camel.component.vertx.websocket.VertxWebsocketComponent;
import org.apache.camel.component.vertx.websocket.VertxWebsocketComponentConfigurer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConfiguration;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

/**
 * camel-vertx-websocket, with server consumers that run each frame on its socket's event loop
 * ({@link EventLoopWebsocketConsumer}) instead of a worker thread. Bound as the {@code vertx-websocket} component, so
 * the binding route keeps its plain {@code vertx-websocket:} URI; host sharing, upgrade handling and the producer are
 * camel-vertx-websocket's own.
 */
public final class EventLoopWebsocketComponent extends VertxWebsocketComponent {

    public static final String SCHEME = "vertx-websocket";

    private static final PropertyConfigurer ENDPOINT_CONFIGURER = new VertxWebsocketEndpointConfigurer();
    private static final PropertyConfigurer COMPONENT_CONFIGURER = new VertxWebsocketComponentConfigurer();

    /** The generated configurers are found by class name; a subclass points at camel-vertx-websocket's own. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_CONFIGURER;
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return COMPONENT_CONFIGURER;
    }

    @Override
    protected VertxWebsocketEndpoint createEndpointInstance(String uri, VertxWebsocketConfiguration configuration) {
        return new EventLoopWebsocketEndpoint(uri, this, configuration);
    }
}
