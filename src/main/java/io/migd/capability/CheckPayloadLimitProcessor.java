package io.migd.capability;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** Refuses a request larger than its capability's {@code qos.max_payload_bytes} (the transport enforces the global limit). */
public final class CheckPayloadLimitProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        Qos qos = call.capability().descriptor().qos();
        if (qos != null && qos.maxPayloadBytes() != null && call.bodySize() > qos.maxPayloadBytes()) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                    "request of " + call.bodySize() + " bytes exceeds the capability's limit of "
                            + qos.maxPayloadBytes() + " bytes",
                    Map.of("limit_bytes", qos.maxPayloadBytes(), "size_bytes", call.bodySize()),
                    MigException.Refinement.PAYLOAD_TOO_LARGE);
        }
    }
}
