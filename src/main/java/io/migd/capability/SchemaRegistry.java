package io.migd.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schemas by URI, compiled once when registered. Schemas never load anything from the network: a schema
 * registered through the admin API must not become a way to make the gateway fetch URLs.
 */
public final class SchemaRegistry {

    private static final int MAX_REPORTED_VIOLATIONS = 20;

    private final Map<VersionFlag, JsonSchemaFactory> factories = new EnumMap<>(VersionFlag.class);
    private final Map<String, JsonSchema> byUri = new ConcurrentHashMap<>();

    /** Compiles and stores a schema; an invalid JSON Schema is MIG_INVALID_REQUEST with the reasons. */
    public void register(String uri, JsonNode schema) {
        if (uri == null || uri.isBlank()) {
            throw MigException.invalidField("uri", "is required");
        }
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
            throw MigException.invalidField("schema", "must be a JSON Schema object");
        }
        VersionFlag version = SpecVersionDetector.detectOptionalVersion(schema, false).orElse(VersionFlag.V202012);
        JsonSchemaFactory factory = factory(version);
        List<String> problems = metaSchemaViolations(factory, version, schema);
        if (!problems.isEmpty()) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "not a valid JSON Schema",
                    Map.of("field", "schema", "violations", problems));
        }
        try {
            JsonSchema compiled = factory.getSchema(schema);
            compiled.initializeValidators();
            byUri.put(uri, compiled);
        } catch (RuntimeException e) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "not a valid JSON Schema",
                    Map.of("field", "schema", "reason", String.valueOf(e.getMessage())));
        }
    }

    public boolean contains(String uri) {
        return uri != null && byUri.containsKey(uri);
    }

    public Set<String> uris() {
        return Set.copyOf(byUri.keySet());
    }

    /**
     * Validates {@code value} against the schema at {@code uri}.
     *
     * @return the violations (JSON pointer and message), empty when valid or when no schema is registered
     */
    public Optional<List<Map<String, String>>> violations(String uri, JsonNode value) {
        if (uri == null) {
            return Optional.empty();
        }
        JsonSchema schema = byUri.get(uri);
        if (schema == null) {
            return Optional.empty();
        }
        Set<ValidationMessage> messages = schema.validate(value);
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        List<Map<String, String>> out = new ArrayList<>();
        messages.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString()))
                .limit(MAX_REPORTED_VIOLATIONS)
                .forEach(m -> {
                    Map<String, String> v = new LinkedHashMap<>();
                    v.put("pointer", pointer(m));
                    v.put("message", m.getMessage());
                    out.add(v);
                });
        return Optional.of(out);
    }

    private static String pointer(ValidationMessage message) {
        // JsonNodePath renders as "$.a.b" (JSONPath); clients expect RFC 6901 pointers
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < message.getInstanceLocation().getNameCount(); i++) {
            Object element = message.getInstanceLocation().getElement(i);
            out.append('/').append(String.valueOf(element).replace("~", "~0").replace("/", "~1"));
        }
        if (message.getProperty() != null && "required".equals(message.getType())) {
            out.append('/').append(message.getProperty());
        }
        return out.toString();
    }

    private synchronized JsonSchemaFactory factory(VersionFlag version) {
        return factories.computeIfAbsent(version, v -> JsonSchemaFactory.getInstance(v, builder -> builder
                .schemaLoaders(loaders -> loaders.values(list -> list.add(0, new AllowSchemaLoader(
                        iri -> iri.toString().startsWith("classpath:")))))));
    }

    private static List<String> metaSchemaViolations(JsonSchemaFactory factory, VersionFlag version, JsonNode schema) {
        String metaUri = switch (version) {
            case V4 -> "http://json-schema.org/draft-04/schema#";
            case V6 -> "http://json-schema.org/draft-06/schema#";
            case V7 -> "http://json-schema.org/draft-07/schema#";
            case V201909 -> "https://json-schema.org/draft/2019-09/schema";
            case V202012 -> "https://json-schema.org/draft/2020-12/schema";
        };
        JsonSchema meta = factory.getSchema(SchemaLocation.of(metaUri));
        return meta.validate(schema).stream().map(ValidationMessage::getMessage).sorted().limit(MAX_REPORTED_VIOLATIONS)
                .toList();
    }
}
