package io.migd.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.envelope.MigHeader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** mig-spec §5.1 HELLO: version, binding and feature negotiation. */
public final class HelloProcessor implements Processor {

    private final BindingCatalog bindings;
    private final FeatureCatalog features;
    private final String serverId;

    public HelloProcessor(BindingCatalog bindings, FeatureCatalog features, String serverId) {
        this.bindings = bindings;
        this.features = features;
        this.serverId = serverId;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode request = call.request();
        List<String> versions = strings(request, "supported_versions");
        if (!versions.isEmpty() && !versions.contains(MigHeader.VERSION)) {
            throw new MigException(MigErrorCode.MIG_VERSION_MISMATCH, "no common MIG version; this gateway speaks 0.1",
                    Map.of("supported_versions", List.of(MigHeader.VERSION)));
        }
        Set<String> enabled = bindings.enabledBindings();
        String selected = call.binding();
        for (String requested : strings(request, "requested_bindings")) {
            String binding = requested.toLowerCase(Locale.ROOT).replace("binding_type_", "");
            if (!BindingCatalog.HELLO_BINDINGS.contains(binding)) {
                throw MigException.invalidField("requested_bindings", "unknown binding '" + requested + "'");
            }
            if (enabled.contains(binding)) {
                selected = binding;
                break;
            }
        }
        Set<String> supported = features.supportedFeatures();
        Set<String> granted = new TreeSet<>();
        for (String feature : strings(request, "requested_features")) {
            if (supported.contains(feature)) {
                granted.add(feature);
            }
        }
        ObjectNode response = Json.object();
        response.put("selected_version", MigHeader.VERSION);
        response.put("selected_binding", selected);
        ArrayNode grantedJson = response.putArray("enabled_features");
        granted.forEach(grantedJson::add);
        response.put("server_id", serverId);
        call.response(response);
    }

    static List<String> strings(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw MigException.invalidField(field, "must be an array of strings");
        }
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw MigException.invalidField(field, "must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
