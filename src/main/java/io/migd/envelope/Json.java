package io.migd.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The one JSON codec of the gateway. Built once: parsing limits make hostile input (deep nesting, huge numbers,
 * duplicate keys) fail fast with a MIG error instead of consuming the server.
 */
public final class Json {

    public static final int MAX_NESTING_DEPTH = 128;
    public static final int MAX_NUMBER_LENGTH = 256;

    private static final ObjectMapper MAPPER = createMapper();

    private Json() {
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION, false);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Parses a request body that must be a single JSON object. */
    public static ObjectNode parseObject(byte[] body, String what) {
        if (body == null || body.length == 0) {
            throw MigException.invalid(what + " is empty");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw MigException.invalid(what + " exceeds parser limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MigException(MigErrorCode.MIG_INVALID_REQUEST, "malformed JSON in " + what,
                    java.util.Map.of("reason", firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw MigException.invalid(what + " could not be read");
        }
        if (node == null || node.isMissingNode()) {
            throw MigException.invalid(what + " is empty");
        }
        if (!node.isObject()) {
            throw MigException.invalid(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Converts whatever a provider produced (JsonNode, Map, POJO, JSON text or bytes) into a JSON tree. */
    public static JsonNode toTree(Object value) {
        try {
            if (value == null) {
                return null;
            }
            if (value instanceof JsonNode node) {
                return node;
            }
            if (value instanceof byte[] bytes) {
                return MAPPER.readTree(bytes);
            }
            if (value instanceof CharSequence text) {
                return MAPPER.readTree(text.toString());
            }
            return MAPPER.valueToTree(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new MigException(MigErrorCode.MIG_INTERNAL, "provider returned a value that is not JSON");
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** The tree as JSON text, for transports that take a String (WebSocket text frames, protobuf's JSON parser). */
    public static String writeString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
