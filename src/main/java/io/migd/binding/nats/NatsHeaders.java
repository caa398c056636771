package io.migd.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.impl.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

import java.util.List;
import java.util.Set;

/**
 * The NATS binding's header names (one place, like a component's constants) and the rules for which headers cross
 * the NATS boundary: in, only {@code Authorization} and the gateway's own {@code Mig-Origin} marker; out, the MIG
 * header fields of mig-spec §8 (mirrored from the envelope's {@code header}) plus the gateway's markers.
 */
public final class NatsHeaders {

    /** Mirrored from the envelope header on every reply, event and frame (seed 003 §5). */
    public static final List<String> MIRRORED = List.of("mig_version", "message_id", "tenant_id", "session_id",
            "traceparent", "idempotency_key");

    /** The MIG error code of an error reply (mig-spec §2). */
    public static final String ERROR_CODE = "Mig-Error-Code";
    /** Set on every message the gateway publishes on an events subject: its server id. Such messages are never ingested. */
    public static final String ORIGIN = "Mig-Origin";
    /** The per-(tenant, topic) MIG sequence of a mirrored event: what {@code resume_cursor} counts. */
    public static final String SEQUENCE = "Mig-Sequence";
    public static final String EVENT_ID = "Mig-Event-Id";
    public static final String TOPIC = "Mig-Topic";
    /** JetStream's de-duplication id: the event id, so a re-sent mirror is stored once. */
    public static final String NATS_MSG_ID = "Nats-Msg-Id";
    /** Bearer token for JWT mode, as on HTTP. */
    public static final String AUTHORIZATION = "Authorization";

    /** Dead-letter metadata. */
    public static final String DLQ_REASON = "Mig-Dlq-Reason";
    public static final String DLQ_SUBJECT = "Mig-Dlq-Subject";
    public static final String DLQ_STREAM_SEQUENCE = "Mig-Dlq-Stream-Sequence";
    public static final String DLQ_DELIVERIES = "Mig-Dlq-Deliveries";

    /** Camel headers camel-nats sets on a consumed message. */
    public static final String CAMEL_SUBJECT = "CamelNatsSubject";
    public static final String CAMEL_REPLY_TO = "CamelNatsReplyTo";

    /** NATS headers a client message may bring into an exchange; everything else stays outside. */
    private static final Set<String> INBOUND = Set.of(AUTHORIZATION.toLowerCase(), ORIGIN.toLowerCase());

    private NatsHeaders() {
    }

    /** For camel-nats consumers ({@code headerFilterStrategy=#natsHeaderFilter}): only the inbound allow-list. */
    public static org.apache.camel.spi.HeaderFilterStrategy inboundFilter() {
        return new DefaultHeaderFilterStrategy() {
            @Override
            public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
                return name == null || !INBOUND.contains(name.toLowerCase());
            }

            @Override
            public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
                // migd never uses camel-nats producers; nothing from an exchange is sent as a NATS header
                return true;
            }
        };
    }

    /** The MIG header fields of {@code header} (an envelope's header object) as NATS headers. */
    public static Headers mirror(JsonNode header, String idempotencyKey) {
        Headers out = new Headers();
        if (header != null && header.isObject()) {
            for (String field : MIRRORED) {
                JsonNode value = header.get(field);
                if (value != null && value.isTextual() && isHeaderSafe(value.asText())) {
                    out.put(field, value.asText());
                }
            }
        }
        if (isHeaderSafe(idempotencyKey) && !out.containsKey("idempotency_key")) {
            out.put("idempotency_key", idempotencyKey);
        }
        return out;
    }

    /** A value NATS can carry in a header: not empty, no control characters (a session id is free text). */
    static boolean isHeaderSafe(String value) {
        return value != null && !value.isEmpty() && value.length() <= 1024
                && value.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** True when the gateway itself published the message (a mirrored event), so it must not come back in. */
    public static boolean isMirrored(Exchange exchange) {
        return exchange.getIn().getHeader(ORIGIN) != null;
    }
}
