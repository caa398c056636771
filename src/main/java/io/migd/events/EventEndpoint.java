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

import java.util.concurrent.Executor;

/**
 * One topic to publish to; producer only (subscribers use the event bindings). Options:
 * <ul>
 *   <li>{@code completion=true}: publish the capability's completion event, {@code {"status": "ok", "message_id":
 *   <the invocation's id>, "capability": <id>}}, from the call's MIG headers; the exchange's body (the result) is
 *   left as it is, so the step can sit in a capability route right after the result is made.</li>
 *   <li>{@code afterAnswer=true}: publish once the caller has been answered (on the same event loop, right after the
 *   current task), so that fanning out to many subscribers never delays the answer.</li>
 * </ul>
 */
public final class EventEndpoint extends DefaultEndpoint {

    private final String topic;
    private final EventHub hub;
    private boolean completion;
    private boolean afterAnswer;
    private Executor later;

    EventEndpoint(String uri, EventComponent component, String topic, EventHub hub) {
        super(uri, component);
        this.topic = topic;
        this.hub = hub;
    }

    public boolean isCompletion() {
        return completion;
    }

    public void setCompletion(boolean completion) {
        this.completion = completion;
    }

    public boolean isAfterAnswer() {
        return afterAnswer;
    }

    public void setAfterAnswer(boolean afterAnswer) {
        this.afterAnswer = afterAnswer;
    }

    void later(Executor later) {
        this.later = later;
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
                ObjectNode payload = completion ? completionEvent(exchange) : bodyEvent(exchange);
                ObjectNode header = header(exchange, tenant);
                if (afterAnswer && later != null) {
                    later.execute(() -> hub.publish(tenant, topic, header, payload));
                    return;
                }
                TopicEvent event = hub.publish(tenant, topic, header, payload);
                if (!completion) {
                    exchange.getMessage().setHeader("MigEventSequence", event.sequence());
                }
            }
        };
    }

    private ObjectNode bodyEvent(Exchange exchange) {
        JsonNode body = Json.toTree(exchange.getIn().getBody());
        if (body == null || !body.isObject()) {
            throw MigException.invalid("mig-event:" + topic + " publishes JSON objects");
        }
        return (ObjectNode) body;
    }

    private static ObjectNode completionEvent(Exchange exchange) {
        ObjectNode payload = Json.object();
        payload.put("status", "ok");
        payload.put("message_id", exchange.getIn().getHeader(MigHeaders.MESSAGE_ID, String.class));
        payload.put("capability", exchange.getIn().getHeader(MigHeaders.CAPABILITY, String.class));
        return payload;
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
