package io.migd.binding.nats;

import org.apache.camel.Endpoint;
import org.apache.camel.component.nats.NatsComponent;
import org.apache.camel.component.nats.NatsComponentConfigurer;
import org.apache.camel.component.nats.NatsEndpoint;
import org.apache.camel.component.nats.NatsEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

import java.util.Map;

/**
 * camel-nats, with every endpoint on the gateway's one connection ({@link NatsConnector}: TLS, credentials, endless
 * reconnects) instead of a connection of its own. Bound as the {@code nats} component, so route files just say
 * {@code nats:<subject>}. Creating an endpoint never connects; only a started consumer uses the connection.
 */
public final class SharedConnectionNatsComponent extends NatsComponent {

    private static final PropertyConfigurer ENDPOINT_CONFIGURER = new NatsEndpointConfigurer();
    private static final PropertyConfigurer COMPONENT_CONFIGURER = new NatsComponentConfigurer();

    private final NatsConnector connector;

    public SharedConnectionNatsComponent(NatsConnector connector) {
        this.connector = connector;
    }

    /** The generated configurers are found by class name; a subclass points at camel-nats' own. */
    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return ENDPOINT_CONFIGURER;
    }

    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return COMPONENT_CONFIGURER;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        NatsEndpoint endpoint = (NatsEndpoint) super.createEndpoint(uri, remaining, parameters);
        if (endpoint.getConfiguration().getConnection() == null && connector != null) {
            endpoint.getConfiguration().setConnection(connector.connection());
        }
        return endpoint;
    }
}
