package io.migd.binding.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Locale;

/**
 * Protobuf messages of mig.proto ↔ the JSON envelopes the operation routes speak. Field names are the proto names
 * (they are the JSON names); enums differ: the proto's {@code BINDING_TYPE_HTTP} is the JSON's {@code http}.
 */
public final class ProtoJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoJson() {
    }

    public static byte[] toJson(Message message) {
        try {
            return PRINTER.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw MigException.invalid("the request could not be read: " + e.getMessage());
        }
    }

    /** Fills {@code builder} from an envelope; enum values are mapped to their proto names. */
    public static <B extends Message.Builder> B fromJson(JsonNode json, B builder) {
        ObjectNode copy = json.deepCopy();
        protoEnums(copy);
        try {
            PARSER.merge(Json.writeString(copy), builder);
            return builder;
        } catch (InvalidProtocolBufferException e) {
            throw new MigException(MigErrorCode.MIG_INTERNAL, "a reply could not be encoded for gRPC");
        }
    }

    private static void protoEnums(ObjectNode node) {
        prefix(node, "selected_binding", "BINDING_TYPE_");
        prefix(node, "kind", "FRAME_KIND_");
        prefix(node, "stream_preference", "STREAM_PREFERENCE_");
        JsonNode capabilities = node.get("capabilities");
        if (capabilities instanceof ArrayNode list) {
            for (JsonNode capability : list) {
                if (capability instanceof ObjectNode c) {
                    if (c.get("modes") instanceof ArrayNode modes) {
                        ArrayNode mapped = c.putArray("modes");
                        modes.forEach(m -> mapped.add("INVOCATION_MODE_" + m.asText().toUpperCase(Locale.ROOT)));
                    }
                    if (c.get("qos") instanceof ObjectNode qos) {
                        prefix(qos, "delivery_semantics", "DELIVERY_SEMANTICS_");
                    }
                }
            }
        }
    }

    private static void prefix(ObjectNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual() && !value.asText().startsWith(prefix)) {
            node.put(field, prefix + value.asText().toUpperCase(Locale.ROOT));
        }
    }
}
