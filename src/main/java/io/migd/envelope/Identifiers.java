package io.migd.envelope;

import java.util.regex.Pattern;

/**
 * Syntax of the identifiers that cross trust boundaries. Tenants, capability ids and topics become NATS subject
 * tokens, metric labels and log fields, so they are restricted to characters that are safe in all of them.
 */
public final class Identifiers {

    public static final int MAX_KEY_LENGTH = 256;

    /** One subject token: no dots, wildcards, whitespace or control characters. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    /** Dot-separated tokens; the same safe alphabet in each. */
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,15}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private Identifiers() {
    }

    public static String requireTenant(String tenant, String field) {
        if (!TENANT.matcher(tenant).matches()) {
            throw MigException.invalidField(field,
                    "tenant ids are 1-128 characters of letters, digits, '_' and '-', starting with a letter or digit");
        }
        return tenant;
    }

    public static String requireCapabilityId(String id, String field) {
        if (id == null || !DOTTED.matcher(id).matches()) {
            throw MigException.invalidField(field,
                    "capability ids are dot-separated tokens of letters, digits, '_' and '-'");
        }
        return id;
    }

    public static String requireMessageId(String id, String field) {
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw MigException.invalidField(field,
                    "message ids are 1-128 characters of letters, digits, '.', '_', ':' and '-'");
        }
        return id;
    }

    public static boolean isTraceparent(String value) {
        return TRACEPARENT.matcher(value).matches();
    }
}
