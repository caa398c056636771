package io.migd.capability;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** A provider result that breaks the output schema is a gateway-side failure, never passed on silently. */
public final class ValidateOutputProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(ValidateOutputProcessor.class);

    private final SchemaRegistry schemas;

    public ValidateOutputProcessor(SchemaRegistry schemas) {
        this.schemas = schemas;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String uri = call.capability().descriptor().outputSchemaUri();
        schemas.violations(uri, call.result()).ifPresent(violations -> {
            LOG.warn("provider of {} returned output violating {}: {}", call.capability().id(), uri, violations);
            throw new MigException(MigErrorCode.MIG_INTERNAL, "provider output does not match " + uri,
                    Map.of("schema_uri", uri, "violations", violations));
        });
    }
}
