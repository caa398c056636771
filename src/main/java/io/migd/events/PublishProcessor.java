package io.migd.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** mig-spec §5.6 PUBLISH: appends the payload to the tenant's topic and acknowledges its sequence. */
public final class PublishProcessor implements Processor {

    private final EventHub hub;

    public PublishProcessor(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String fromBody = call.requestText("topic");
        String topic = Topics.require(call.target() != null ? call.target() : fromBody);
        if (fromBody != null && !fromBody.equals(topic)) {
            throw io.migd.envelope.MigException.invalidField("topic", "does not match the topic addressed");
        }
        call.requestText("key");
        ObjectNode header = call.header().toResponseJson(call.principal().subject());
        TopicEvent event = hub.publish(call.tenant(), topic, header, call.payload());
        ObjectNode ack = Json.object();
        ack.put("topic", topic);
        ack.put("event_id", event.eventId());
        ack.put("sequence", event.sequence());
        ack.put("accepted", true);
        call.response(ack);
    }
}
