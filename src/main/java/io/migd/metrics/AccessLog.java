package io.migd.metrics;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per operation call on the {@code io.migd.access} logger, with the request's tenant, message id and trace
 * id in the MDC ({@link LogContext}) like every other line logged while the call runs, so a call can be followed
 * across bindings and into providers. Turn it off with {@code logger.access.level = WARN}.
 */
public final class AccessLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.migd.access");

    public void log(MigCall call, String operation, String result, long durationMs) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        MigHeader header = call.header();
        String tenant = call.tenant();
        String previousTenant = MDC.get(LogContext.TENANT);
        String previousMessage = MDC.get(LogContext.MESSAGE_ID);
        String previousTrace = MDC.get(LogContext.TRACE_ID);
        try {
            LogContext.put(tenant, header == null ? null : header.messageId(),
                    header == null ? null : header.traceparent());
            LOG.info("op={} binding={} result={} actor={} target={} duration_ms={}", operation, call.binding(), result,
                    call.principal() == null ? "-" : LogContext.safe(call.principal().subject()),
                    LogContext.safe(call.capability() != null ? call.capability().id() : call.target()), durationMs);
        } finally {
            restore(LogContext.TENANT, previousTenant);
            restore(LogContext.MESSAGE_ID, previousMessage);
            restore(LogContext.TRACE_ID, previousTrace);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
