package io.migd.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Identifiers;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.invoke.InFlightRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Locale;

/**
 * A {@code control} frame with {@code payload.action = "cancel"}: cancels the stream with the frame's stream id on this
 * connection, or {@code payload.target_message_id} of the caller's tenant; answers with a control frame.
 */
public final class StreamControlProcessor implements Processor {

    private final InFlightRegistry inFlight;

    public StreamControlProcessor(InFlightRegistry inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode payload = call.payload();
        JsonNode action = payload.get("action");
        if (action == null || !action.isTextual() || !"cancel".equals(action.asText().toLowerCase(Locale.ROOT))) {
            throw MigException.invalidField("payload.action", "the only control action is 'cancel'");
        }
        JsonNode explicit = payload.get("target_message_id");
        String target;
        if (explicit != null && explicit.isTextual() && !explicit.asText().isEmpty()) {
            target = Identifiers.requireMessageId(explicit.asText(), "payload.target_message_id");
        } else {
            target = call.streamSession().messageIdOf(call.streamId());
        }
        JsonNode reasonNode = payload.get("reason");
        String reason = reasonNode != null && reasonNode.isTextual() ? reasonNode.asText() : "cancelled by client";
        InFlightRegistry.CancelStatus status = target == null ? InFlightRegistry.CancelStatus.NOT_FOUND
                : inFlight.cancel(call.tenant(), target, reason);
        ObjectNode answer = Json.object();
        answer.put("action", "cancel");
        answer.put("accepted", true);
        answer.put("status", status.name().toLowerCase(Locale.ROOT));
        if (target != null) {
            answer.put("target_message_id", target);
        }
        call.streamSession().sink().send(StreamFrames.control(call, call.streamId(), answer));
    }
}
