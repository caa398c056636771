package io.migd.envelope;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Puts the response header (mig-spec §1: echoed ids, fresh timestamp, principal subject) on the operation's answer. */
public final class StampResponseHeaderProcessor implements Processor {

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode body = call.response();
        ObjectNode out = Json.object();
        out.set("header", responseHeader(call));
        if (body != null) {
            body.fields().forEachRemaining(e -> {
                if (!"header".equals(e.getKey())) {
                    out.set(e.getKey(), e.getValue());
                }
            });
        }
        call.response(out);
    }

    /** The header for any answer to this call, success or error. */
    public static ObjectNode responseHeader(MigCall call) {
        MigHeader header = call == null || call.header() == null ? MigHeader.generated() : call.header();
        String subject = call == null || call.principal() == null ? null : call.principal().subject();
        return header.toResponseJson(subject);
    }
}
