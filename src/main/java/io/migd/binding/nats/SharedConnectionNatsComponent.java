package io.migd.binding.nats;

import org.apache.camel.Endpoint;
import org.apache.camel.component.nats.NatsComponent;
import org.apache.camel.component.nats.NatsComponentConfigurer;
import org.apache.camel.component.nats.NatsConfiguration;
import org.apache.camel.component.nats.NatsEndpoint;
import org.apache.camel.component.nats.NatsEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;

import java.util.Map;

/**
 * camel-nats, with every endpoint on the gateway's one connection ({@link NatsConnector}: TLS, credentials, endless
 * reconnects) instead of a connection of its own. Bound as the {@code nats} component, so route files just say
 * {@code nats:<subject>}. Creating an endpoint never connects; only a started consumer uses the connection. Core NATS
 * consumers process asynchronously ({@link SharedConnectionNatsEndpoint}, {@link AsyncNatsConsumer}).
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

    /** As camel-nats' own, but the endpoint is {@link SharedConnectionNatsEndpoint} (asynchronous core consumers). */
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        NatsConfiguration config = new NatsConfiguration();
        if (getHeaderFilterStrategy() != null) {
            config.setHeaderFilterStrategy(getHeaderFilterStrategy());
        }
        config.setTopic(remaining);
        config.setServers(getServers());
        config.setVerbose(isVerbose());
        if (config.getSslContextParameters() == null) {
            config.setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        NatsEndpoint endpoint = new SharedConnectionNatsEndpoint(uri, this, config);
        setProperties(endpoint, parameters);
        if (config.getConnection() == null && connector != null) {
            config.setConnection(connector.connection());
        }
        return endpoint;
    }
}
