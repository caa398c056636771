package io.migd.metrics;

import io.migd.envelope.MigCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        LogContext.scoped(call, () -> LOG.info("op={} binding={} result={} actor={} target={} duration_ms={}",
                operation, call.binding(), result,
                call.principal() == null ? "-" : LogContext.safe(call.principal().subject()),
                LogContext.safe(call.capability() != null ? call.capability().id() : call.target()), durationMs));
    }
}
