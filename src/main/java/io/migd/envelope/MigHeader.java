package io.migd.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/** The normalised request header of mig-spec §1. */
public final class MigHeader {

    public static final String VERSION = "0.1";
    /** Meta keys with this prefix belong to the gateway; clients cannot set them. */
    public static final String RESERVED_META_PREFIX = "idg.";

    private String migVersion = VERSION;
    private String messageId;
    private String timestamp;
    private String tenantId;
    private String sessionId;
    private String traceparent;
    private String idempotencyKey;
    private Integer deadlineMs;
    private ObjectNode meta = Json.object();

    /** A header for a request that carried none (or could not be parsed): a fresh id and timestamp. */
    public static MigHeader generated() {
        MigHeader header = new MigHeader();
        header.messageId = newMessageId();
        header.timestamp = now();
        return header;
    }

    /** Reads and normalises {@code header} of a request envelope; anything malformed is MIG_INVALID_REQUEST. */
    public static MigHeader normalise(JsonNode node) {
        MigHeader header = generated();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return header;
        }
        if (!node.isObject()) {
            throw MigException.invalidField("header", "must be an object");
        }
        String version = text(node, "mig_version");
        if (version != null && !version.isEmpty()) {
            if (!VERSION.equals(version)) {
                throw new MigException(MigErrorCode.MIG_VERSION_MISMATCH,
                        "unsupported mig_version '" + printable(version) + "'; this gateway speaks 0.1",
                        Map.of("field", "header.mig_version", "supported_versions", java.util.List.of(VERSION)));
            }
        }
        String messageId = text(node, "message_id");
        if (messageId != null && !messageId.isEmpty()) {
            header.messageId = Identifiers.requireMessageId(messageId, "header.message_id");
        }
        String timestamp = text(node, "timestamp");
        if (timestamp != null && !timestamp.isEmpty()) {
            try {
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw MigException.invalidField("header.timestamp", "must be an RFC 3339 timestamp");
            }
            header.timestamp = timestamp;
        }
        header.tenantId = emptyToNull(text(node, "tenant_id"));
        header.sessionId = emptyToNull(text(node, "session_id"));
        header.traceparent = emptyToNull(text(node, "traceparent"));
        if (header.traceparent != null && !Identifiers.isTraceparent(header.traceparent)) {
            // W3C trace context: an invalid traceparent is ignored, not an error
            header.traceparent = null;
        }
        header.idempotencyKey = emptyToNull(text(node, "idempotency_key"));
        if (header.idempotencyKey != null && header.idempotencyKey.length() > Identifiers.MAX_KEY_LENGTH) {
            throw MigException.invalidField("header.idempotency_key", "longer than " + Identifiers.MAX_KEY_LENGTH);
        }
        JsonNode deadline = node.get("deadline_ms");
        if (deadline != null && !deadline.isNull()) {
            if (!deadline.canConvertToInt() || !deadline.isIntegralNumber() || deadline.asInt() < 1) {
                throw MigException.invalidField("header.deadline_ms", "must be an integer >= 1");
            }
            header.deadlineMs = deadline.asInt();
        }
        JsonNode meta = node.get("meta");
        if (meta != null && !meta.isNull()) {
            if (!meta.isObject()) {
                throw MigException.invalidField("header.meta", "must be an object");
            }
            ObjectNode kept = Json.object();
            for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getKey().startsWith(RESERVED_META_PREFIX)) {
                    kept.set(entry.getKey(), entry.getValue());
                }
            }
            header.meta = kept;
        }
        return header;
    }

    /** The response header: echoes the request's identifiers, stamps a fresh timestamp. */
    public ObjectNode toResponseJson(String principalSubject) {
        ObjectNode out = Json.object();
        out.put("mig_version", VERSION);
        out.put("message_id", messageId);
        out.put("timestamp", now());
        if (tenantId != null) {
            out.put("tenant_id", tenantId);
        }
        if (sessionId != null) {
            out.put("session_id", sessionId);
        }
        if (traceparent != null) {
            out.put("traceparent", traceparent);
        }
        ObjectNode responseMeta = meta.deepCopy();
        if (principalSubject != null) {
            responseMeta.put("idg.principal_subject", principalSubject);
        }
        if (!responseMeta.isEmpty()) {
            out.set("meta", responseMeta);
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw MigException.invalidField("header." + field, "must be a string");
        }
        return value.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static String printable(String s) {
        String cut = s.length() > 32 ? s.substring(0, 32) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /**
     * A random (version 4) UUID. Message ids are identifiers, not secrets: ThreadLocalRandom avoids the lock of the
     * shared SecureRandom behind UUID.randomUUID() on every request.
     */
    public static String newMessageId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    public static String now() {
        return UtcTimestamps.now();
    }

    public String migVersion() {
        return migVersion;
    }

    public String messageId() {
        return messageId;
    }

    public String timestamp() {
        return timestamp;
    }

    public String tenantId() {
        return tenantId;
    }

    public void tenantId(String tenantId) {
        this.tenantId = tenantId;
    }

    public String sessionId() {
        return sessionId;
    }

    public String traceparent() {
        return traceparent;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public Integer deadlineMs() {
        return deadlineMs;
    }

    public ObjectNode meta() {
        return meta;
    }
}
