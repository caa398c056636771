package io.migd.metrics;

import io.migd.envelope.Identifiers;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigHeader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.MDC;

/**
 * Puts the call's tenant, message id and W3C trace id into the logging MDC (keys {@code mig.tenant},
 * {@code mig.message_id}, {@code mig.trace_id}); Camel's MDC unit of work carries them across threads
 * ({@code camel.main.mdc-logging-keys-pattern = mig.*}) and clears them when the exchange is done. log4j2.properties
 * prints them on every line.
 */
public final class LogContext implements Processor {

    public static final String TENANT = "mig.tenant";
    public static final String MESSAGE_ID = "mig.message_id";
    public static final String TRACE_ID = "mig.trace_id";

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        MigHeader header = call.header();
        put(call.tenant(), header == null ? null : header.messageId(), header == null ? null : header.traceparent());
    }

    static void put(String tenant, String messageId, String traceparent) {
        putOrRemove(TENANT, tenant);
        putOrRemove(MESSAGE_ID, messageId);
        putOrRemove(TRACE_ID, traceId(traceparent));
    }

    /** The trace-id field of a {@code traceparent} ({@code 00-<trace-id>-<parent-id>-<flags>}), or null. */
    public static String traceId(String traceparent) {
        if (traceparent == null || !Identifiers.isTraceparent(traceparent)) {
            return null;
        }
        return traceparent.substring(3, 35);
    }

    /** Values from requests go into log lines: no control characters or spaces, bounded length. */
    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        String cut = value.length() > 128 ? value.substring(0, 128) : value;
        return cut.replaceAll("[\\p{Cntrl}\\s]", "_");
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
