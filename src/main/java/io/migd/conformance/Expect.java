package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** Assertions of the conformance checks; a failure is a {@link CheckFailed} with what was expected and seen. */
final class Expect {

    private Expect() {
    }

    static void that(boolean condition, String what) {
        if (!condition) {
            throw new CheckFailed(what);
        }
    }

    static void status(MigHttp.Reply reply, int expected) {
        if (reply.status() != expected) {
            throw new CheckFailed("expected HTTP " + expected + ", got " + reply.status() + " " + reply.brief());
        }
    }

    static void equal(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new CheckFailed(what + ": expected " + expected + ", got " + actual);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isTextual()) {
            throw new CheckFailed(field + " must be a string in " + brief(node));
        }
        return value.asText();
    }

    /** mig-spec §2: {@code {"header": {...}, "error": {code, message, retryable, details}}} with this code. */
    static void errorEnvelope(MigHttp.Reply reply, int status, String code) {
        status(reply, status);
        JsonNode body = reply.json();
        that(body != null && body.isObject(), "the error body must be a JSON object: " + reply.brief());
        that(body.path("header").isObject(), "the error envelope needs a header: " + reply.brief());
        JsonNode error = body.path("error");
        that(error.isObject(), "the error envelope needs an error object: " + reply.brief());
        equal(code, error.path("code").asText(null), "error.code");
        that(error.path("message").isTextual(), "error.message must be a string: " + reply.brief());
        that(error.path("retryable").isBoolean(), "error.retryable must be a boolean: " + reply.brief());
        that(error.path("details").isObject(), "error.details must be an object: " + reply.brief());
    }

    static String brief(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
