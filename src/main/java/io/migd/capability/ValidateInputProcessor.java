package io.migd.capability;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/** Validates the invoke payload against the capability's input schema. */
public final class ValidateInputProcessor implements Processor {

    private final SchemaRegistry schemas;

    public ValidateInputProcessor(SchemaRegistry schemas) {
        this.schemas = schemas;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String uri = call.capability().descriptor().inputSchemaUri();
        schemas.violations(uri, call.payload()).ifPresent(violations -> {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "payload does not match " + uri,
                    Map.of("field", "payload", "schema_uri", uri, "violations", violations));
        });
    }
}
