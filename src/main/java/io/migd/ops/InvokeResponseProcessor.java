package io.migd.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** mig-spec §5.3: the INVOKE response body — capability, result payload, result schema. */
public final class InvokeResponseProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode response = Json.object();
        response.put("capability", call.capability().id());
        response.set("payload", call.result());
        String schema = call.capability().descriptor().outputSchemaUri();
        if (schema != null) {
            response.put("result_schema_uri", schema);
        }
        call.response(response);
    }
}
