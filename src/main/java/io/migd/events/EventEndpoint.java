package io.migd.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Identifiers;
import io.migd.envelope.Json;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;
import io.migd.invoke.MigHeaders;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** One topic to publish to; producer only (subscribers use the event bindings). */
public final class EventEndpoint extends DefaultEndpoint {

    private final String topic;
    private final EventHub hub;

    EventEndpoint(String uri, EventComponent component, String topic, EventHub hub) {
        super(uri, component);
        this.topic = topic;
        this.hub = hub;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) {
                String tenant = exchange.getIn().getHeader(MigHeaders.TENANT_ID, String.class);
                if (tenant == null) {
                    throw MigException.invalid("mig-event:" + topic + " needs the " + MigHeaders.TENANT_ID + " header");
                }
                Identifiers.requireTenant(tenant, MigHeaders.TENANT_ID);
                JsonNode body = Json.toTree(exchange.getIn().getBody());
                if (body == null || !body.isObject()) {
                    throw MigException.invalid("mig-event:" + topic + " publishes JSON objects");
                }
                TopicEvent event = hub.publish(tenant, topic, header(exchange, tenant), (ObjectNode) body);
                exchange.getMessage().setHeader("MigEventSequence", event.sequence());
            }
        };
    }

    private static ObjectNode header(Exchange exchange, String tenant) {
        ObjectNode header = Json.object();
        header.put("mig_version", MigHeader.VERSION);
        header.put("message_id", MigHeader.newMessageId());
        header.put("timestamp", MigHeader.now());
        header.put("tenant_id", tenant);
        String traceparent = exchange.getIn().getHeader(MigHeaders.TRACEPARENT, String.class);
        if (traceparent != null) {
            header.put("traceparent", traceparent);
        }
        String capability = exchange.getIn().getHeader(MigHeaders.CAPABILITY, String.class);
        if (capability != null) {
            header.putObject("meta").put("idg.capability", capability);
        }
        return header;
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mig-event endpoints only publish");
    }
}
