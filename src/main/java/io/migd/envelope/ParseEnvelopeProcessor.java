package io.migd.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Parses the request body into a JSON object and normalises its {@code header} (mig-spec §1). A transport request
 * without a body (HTTP GET) gets a generated header.
 */
public final class ParseEnvelopeProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        if (call.body() == null) {
            // a request whose transport carries no body (HTTP GET): identifiers come from the transport
            call.request(Json.object());
            call.header(MigHeader.generated());
            return;
        }
        ObjectNode request = Json.parseObject(call.body(), "request body");
        call.request(request);
        call.header(MigHeader.normalise(request.get("header")));
    }
}
