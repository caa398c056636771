package io.migd.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.migd.metrics.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * The log (and the denial counter) of every authorization decision: who, which tenant, what, and why. Reasons are a
 * closed set so the metric's labels stay bounded.
 */
public final class AuthDecisions {

    /** Why a decision went the way it did. */
    public enum Reason {
        OPEN_MODE, TOKEN_VALID, SCOPE_HELD, ADMIN_SCOPE_HELD,
        MISSING_TOKEN, MALFORMED_TOKEN, ALGORITHM_REFUSED, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, NO_TENANT_CLAIM,
        TENANT_HEADER_REQUIRED, TENANT_MISMATCH, MISSING_SCOPE, ADMIN_SCOPE_REQUIRED, OTHER_TENANT;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String DENIALS_METRIC = "mig_gateway_auth_denials_total";

    private static final Logger LOG = LoggerFactory.getLogger("io.migd.authz");
    private static final java.util.regex.Pattern UNSAFE = java.util.regex.Pattern.compile("[\\p{Cntrl}\\s]");

    private final MeterRegistry meters;

    public AuthDecisions(MeterRegistry meters) {
        this.meters = meters;
    }

    public void allow(String subject, String tenant, String resource, Reason reason) {
        if (LOG.isInfoEnabled()) {
            LOG.info("authz allow subject={} tenant={} resource={} reason={}", safe(subject), safe(tenant),
                    safe(resource), reason.label());
        }
    }

    public void deny(String subject, String tenant, String resource, Reason reason) {
        LOG.info("authz deny subject={} tenant={} resource={} reason={}", safe(subject), safe(tenant), safe(resource),
                reason.label());
        if (meters != null) {
            meters.counter(DENIALS_METRIC, "reason", reason.label()).increment();
        }
    }

    /** Values from requests go into log lines: no control characters, bounded length. */
    static String safe(String value) {
        if (value == null) {
            return "-";
        }
        String cut = value.length() > 128 ? value.substring(0, 128) + "…" : value;
        return LogContext.isClean(cut) ? cut : UNSAFE.matcher(cut).replaceAll("_");
    }
}
