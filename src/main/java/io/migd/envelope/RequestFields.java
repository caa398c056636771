package io.migd.envelope;

import com.fasterxml.jackson.databind.JsonNode;

/** Required and bounded fields of plain-JSON plane requests (admin, pro, cloud); failures name the field. */
public final class RequestFields {

    private static final int MAX_TEXT = 256;

    private RequestFields() {
    }

    /** A non-empty string field of at most 256 characters without control characters. */
    public static String text(MigCall call, String field) {
        String value = call.requestText(field);
        if (value == null || value.isBlank()) {
            throw MigException.invalidField(field, "is required");
        }
        if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
            throw MigException.invalidField(field, "must be at most " + MAX_TEXT + " printable characters");
        }
        return value;
    }

    /** A required non-negative integer field. */
    public static long nonNegative(MigCall call, String field) {
        JsonNode value = call.request() == null ? null : call.request().get(field);
        if (value == null || value.isNull()) {
            throw MigException.invalidField(field, "is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw MigException.invalidField(field, "must be a non-negative integer");
        }
        return value.asLong();
    }
}
