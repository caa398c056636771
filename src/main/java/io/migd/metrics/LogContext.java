package io.migd.metrics;

import io.migd.envelope.Identifiers;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigHeader;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.MDC;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Puts the call's tenant, message id and W3C trace id into the logging MDC (keys {@code mig.tenant},
 * {@code mig.message_id}, {@code mig.trace_id}) of the thread running the call, for every line logged after this
 * step; the binding's route clears them when its exchange is done ({@link OperationRoutePolicy}). Lines that belong to
 * a call but may be logged on another thread (access, authorization) put the call's keys themselves
 * ({@link #scoped}). log4j2.properties prints them on every line.
 */
public final class LogContext implements Processor {

    public static final String TENANT = "mig.tenant";
    public static final String MESSAGE_ID = "mig.message_id";
    public static final String TRACE_ID = "mig.trace_id";

    private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\s]");

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

    /** Forgets the call's keys on this thread: the next line logged here is not the call's. */
    public static void clear() {
        MDC.remove(TENANT);
        MDC.remove(MESSAGE_ID);
        MDC.remove(TRACE_ID);
    }

    /**
     * Runs {@code line} with the call's keys in the MDC, then puts back what the thread had. Keys that already hold
     * the call's values (the usual case, after the logContext step on this thread) are left untouched.
     */
    public static void scoped(MigCall call, Runnable line) {
        MigHeader header = call.header();
        String tenant = call.tenant();
        String messageId = header == null ? null : header.messageId();
        String traceId = header == null ? null : traceId(header.traceparent());
        String previousTenant = MDC.get(TENANT);
        String previousMessage = MDC.get(MESSAGE_ID);
        String previousTrace = MDC.get(TRACE_ID);
        boolean same = Objects.equals(previousTenant, tenant) && Objects.equals(previousMessage, messageId)
                && Objects.equals(previousTrace, traceId);
        if (same) {
            line.run();
            return;
        }
        try {
            putOrRemove(TENANT, tenant);
            putOrRemove(MESSAGE_ID, messageId);
            putOrRemove(TRACE_ID, traceId);
            line.run();
        } finally {
            putOrRemove(TENANT, previousTenant);
            putOrRemove(MESSAGE_ID, previousMessage);
            putOrRemove(TRACE_ID, previousTrace);
        }
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
        return isClean(cut) ? cut : UNSAFE.matcher(cut).replaceAll("_");
    }

    /** True when {@code value} has no control or whitespace character (the usual case: no regex needed). */
    public static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    private static void putOrRemove(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
