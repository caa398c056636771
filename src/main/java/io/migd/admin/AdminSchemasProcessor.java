package io.migd.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.capability.SchemaRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code POST /admin/v0.1/schemas}: compile and store a JSON Schema under its URI. */
public final class AdminSchemasProcessor implements Processor {

    private static final int MAX_URI_LENGTH = 512;

    private final SchemaRegistry schemas;

    public AdminSchemasProcessor(SchemaRegistry schemas) {
        this.schemas = schemas;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String uri = call.requestText("uri");
        if (uri == null) {
            throw MigException.invalidField("uri", "is required");
        }
        if (uri.length() > MAX_URI_LENGTH || uri.chars().anyMatch(c -> c < 0x21 || c == 0x7F)) {
            throw MigException.invalidField("uri", "must be at most " + MAX_URI_LENGTH
                    + " characters without whitespace or control characters");
        }
        schemas.register(uri, call.request().get("schema"));
        ObjectNode response = Json.object();
        response.put("uri", uri);
        call.response(response);
        call.created(true);
    }
}
