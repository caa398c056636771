package io.migd.events;

import io.migd.envelope.Identifiers;
import io.migd.envelope.MigException;

/** Topic names: namespaced (contain a '.') and made of subject-safe tokens, since they become NATS subjects. */
public final class Topics {

    private Topics() {
    }

    public static String require(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw MigException.invalidField("topic", "is required");
        }
        if (!topic.contains(".")) {
            throw MigException.invalidField("topic", "must be namespaced (contain a '.')");
        }
        try {
            return Identifiers.requireCapabilityId(topic, "topic");
        } catch (MigException e) {
            throw MigException.invalidField("topic", "must be dot-separated tokens of letters, digits, '_' and '-'");
        }
    }

    /** A resume cursor: a non-negative integer, or null when absent. */
    public static Long cursor(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value.trim());
            if (cursor < 0) {
                throw MigException.invalidField("resume_cursor", "must be a non-negative integer");
            }
            return cursor;
        } catch (NumberFormatException e) {
            throw MigException.invalidField("resume_cursor", "must be a non-negative integer");
        }
    }
}
