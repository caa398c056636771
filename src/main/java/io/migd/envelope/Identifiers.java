package io.migd.envelope;

import java.util.regex.Pattern;

/**
 * Syntax of the identifiers that cross trust boundaries. Tenants, capability ids and topics become NATS subject
 * tokens, metric labels and log fields, so they are restricted to characters that are safe in all of them.
 */
public final class Identifiers {

    public static final int MAX_KEY_LENGTH = 256;

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

    private Identifiers() {
    }

    /**
     * One subject token, {@code [A-Za-z0-9][A-Za-z0-9_-]{0,127}}: no dots, wildcards, whitespace or control
     * characters. Checked by hand: it runs several times per call, where a regex matcher costs more than the rest.
     */
    static boolean isTenant(String value) {
        int length = value.length();
        if (length < 1 || length > 128 || !isAlphanumeric(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            if (!isTokenChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Dot-separated tokens, {@code [A-Za-z0-9_-]{1,64}(\.[A-Za-z0-9_-]{1,64}){0,15}}. */
    static boolean isDotted(String value) {
        int tokens = 1;
        int tokenLength = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '.') {
                if (tokenLength == 0 || ++tokens > 16) {
                    return false;
                }
                tokenLength = 0;
            } else if (!isTokenChar(c) || ++tokenLength > 64) {
                return false;
            }
        }
        return tokenLength > 0;
    }

    private static boolean isAlphanumeric(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isTokenChar(char c) {
        return isAlphanumeric(c) || c == '_' || c == '-';
    }

    public static String requireTenant(String tenant, String field) {
        if (!isTenant(tenant)) {
            throw MigException.invalidField(field,
                    "tenant ids are 1-128 characters of letters, digits, '_' and '-', starting with a letter or digit");
        }
        return tenant;
    }

    public static String requireCapabilityId(String id, String field) {
        if (id == null || !isDotted(id)) {
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
