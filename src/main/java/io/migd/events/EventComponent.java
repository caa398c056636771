package io.migd.events;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code mig-event:<topic>} — publishes the message body as an event on the topic, for the tenant in the
 * {@code MigTenantId} header. This is how a capability route announces its completion as route configuration.
 */
public final class EventComponent extends DefaultComponent {

    public static final String SCHEME = "mig-event";

    private final EventHub hub;

    public EventComponent(EventHub hub) {
        this(hub, Runnable::run);
    }

    private final Executor later;

    /** @param later where {@code afterAnswer} publications run (after the task that answers the caller) */
    public EventComponent(EventHub hub, Executor later) {
        this.hub = hub;
        this.later = later;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        EventEndpoint endpoint = new EventEndpoint(uri, this, Topics.require(remaining), hub);
        endpoint.later(later);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
