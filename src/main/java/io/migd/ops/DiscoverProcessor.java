package io.migd.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.capability.CapabilityRegistration;
import io.migd.capability.CapabilityRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * mig-spec §5.2 DISCOVER: the descriptors the caller may see, sorted by id. Schema references and QoS are included
 * unless the request sets {@code include_schema_refs} / {@code include_qos} to false.
 */
public final class DiscoverProcessor implements Processor {

    private final CapabilityRegistry registry;

    public DiscoverProcessor(CapabilityRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String query = call.requestText("query");
        boolean schemaRefs = flag(call.request(), "include_schema_refs");
        boolean qos = flag(call.request(), "include_qos");
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("capabilities");
        for (CapabilityRegistration registration : registry.visibleTo(call.principal(), query)) {
            ObjectNode descriptor = Json.mapper().valueToTree(registration.descriptor());
            if (!schemaRefs) {
                descriptor.remove("input_schema_uri");
                descriptor.remove("output_schema_uri");
            }
            if (!qos) {
                descriptor.remove("qos");
            }
            list.add(descriptor);
        }
        call.response(response);
    }

    private static boolean flag(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return true;
        }
        if (!value.isBoolean()) {
            throw MigException.invalidField(field, "must be a boolean");
        }
        return value.asBoolean();
    }
}
