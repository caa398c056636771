package io.migd.capability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.migd.envelope.Identifiers;
import io.migd.envelope.MigException;

import java.util.List;
import java.util.Set;

/** What DISCOVER returns for a capability: the published shape of mig-spec §4. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityDescriptor(
        @JsonProperty("id") String id,
        @JsonProperty("version") String version,
        @JsonProperty("modes") List<String> modes,
        @JsonProperty("input_schema_uri") String inputSchemaUri,
        @JsonProperty("output_schema_uri") String outputSchemaUri,
        @JsonProperty("event_topics") List<String> eventTopics,
        @JsonProperty("auth_scopes") List<String> authScopes,
        @JsonProperty("qos") Qos qos) {

    public static final String UNARY = "unary";
    public static final String SERVER_STREAM = "server_stream";
    public static final Set<String> MODES = Set.of(UNARY, SERVER_STREAM, "client_stream", "bidi_stream");

    /** Checks the descriptor and fills defaults; a bad field is MIG_INVALID_REQUEST naming it. */
    public CapabilityDescriptor validated() {
        Identifiers.requireCapabilityId(id, "descriptor.id");
        List<String> checkedModes = modes == null || modes.isEmpty() ? List.of(UNARY) : List.copyOf(modes);
        for (String mode : checkedModes) {
            if (!MODES.contains(mode)) {
                throw MigException.invalidField("descriptor.modes", "unknown mode '" + mode + "'");
            }
        }
        List<String> topics = eventTopics == null ? List.of() : List.copyOf(eventTopics);
        for (String topic : topics) {
            if (topic == null || !topic.contains(".")) {
                throw MigException.invalidField("descriptor.event_topics", "topics must be namespaced (contain a '.')");
            }
            Identifiers.requireCapabilityId(topic, "descriptor.event_topics");
        }
        List<String> scopes = authScopes == null ? List.of() : List.copyOf(authScopes);
        if (qos != null) {
            if (qos.deliverySemantics() != null && !Qos.DELIVERY_SEMANTICS.contains(qos.deliverySemantics())) {
                throw MigException.invalidField("descriptor.qos.delivery_semantics",
                        "must be one of " + Qos.DELIVERY_SEMANTICS);
            }
            if (qos.maxPayloadBytes() != null && qos.maxPayloadBytes() < 1) {
                throw MigException.invalidField("descriptor.qos.max_payload_bytes", "must be >= 1");
            }
        }
        return new CapabilityDescriptor(id, version == null || version.isEmpty() ? "0.0.0" : version, checkedModes,
                inputSchemaUri, outputSchemaUri, topics, scopes, qos);
    }

    public boolean offers(String mode) {
        return modes != null && modes.contains(mode);
    }
}
