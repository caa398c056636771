package io.migd.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Identifiers;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.invoke.InFlightRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Locale;

/** mig-spec §5.5 CANCEL, scoped to the caller's tenant. */
public final class CancelProcessor implements Processor {

    private static final int MAX_REASON_LENGTH = 512;

    private final InFlightRegistry inFlight;

    public CancelProcessor(InFlightRegistry inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String fromBody = call.requestText("target_message_id");
        String target = call.target() != null ? call.target() : fromBody;
        if (target == null) {
            throw MigException.invalidField("target_message_id", "is required");
        }
        if (fromBody != null && !fromBody.equals(target)) {
            throw MigException.invalidField("target_message_id", "does not match the message id addressed");
        }
        Identifiers.requireMessageId(target, "target_message_id");
        String reason = call.requestText("reason");
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            reason = reason.substring(0, MAX_REASON_LENGTH);
        }
        InFlightRegistry.CancelStatus status = inFlight.cancel(call.tenant(), target,
                reason == null ? "cancelled by " + call.principal().subject() : reason);
        ObjectNode response = Json.object();
        response.put("target_message_id", target);
        response.put("accepted", true);
        response.put("status", status.name().toLowerCase(Locale.ROOT));
        call.response(response);
    }
}
