package io.migd.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.capability.CapabilityDescriptor;
import io.migd.capability.CapabilityRegistration;
import io.migd.capability.CapabilityRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.invoke.CapabilityProvider;
import org.apache.camel.Exchange;

/** {@code POST/GET /admin/v0.1/capabilities}: register a capability (optionally bound to an upstream) and list them. */
public final class AdminCapabilitiesProcessor {

    private final CapabilityRegistry registry;
    private final ProviderFactory providers;

    public AdminCapabilitiesProcessor(CapabilityRegistry registry, ProviderFactory providers) {
        this.registry = registry;
        this.providers = providers;
    }

    public void register(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        JsonNode descriptorJson = call.request().get("descriptor");
        if (descriptorJson == null || !descriptorJson.isObject()) {
            throw MigException.invalidField("descriptor", "is required and must be an object");
        }
        CapabilityDescriptor descriptor;
        try {
            descriptor = Json.mapper().treeToValue(descriptorJson, CapabilityDescriptor.class).validated();
        } catch (JsonProcessingException e) {
            throw MigException.invalidField("descriptor", "has a field of the wrong type: " + e.getOriginalMessage());
        }
        String endpoint = call.requestText("endpoint");
        CapabilityProvider provider = endpoint == null ? null : providers.create(endpoint);
        boolean created = registry.register(new CapabilityRegistration(descriptor, provider,
                CapabilityRegistration.FROM_ADMIN, endpoint));
        ObjectNode response = Json.object();
        response.set("descriptor", Json.mapper().valueToTree(descriptor));
        if (endpoint != null) {
            response.put("endpoint", endpoint);
        }
        call.response(response);
        call.created(created);
    }

    public void list(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("capabilities");
        for (CapabilityRegistration registration : registry.all()) {
            list.add(Json.mapper().valueToTree(registration.descriptor()));
        }
        call.response(response);
    }
}
