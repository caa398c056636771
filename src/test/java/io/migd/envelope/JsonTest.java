package io.migd.envelope;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    private static MigException refused(String text) {
        return assertThrows(MigException.class, () -> Json.parseObject(text.getBytes(StandardCharsets.UTF_8), "body"));
    }

    @Test
    void hostileShapesAreInvalidRequests() {
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("[".repeat(10_000) + "]".repeat(10_000)).code());
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("{\"n\":" + "9".repeat(5000) + "}").code());
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("{\"a\":1,\"a\":2}").code());
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("\"just a string\"").code());
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("").code());
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, refused("{}x").code());
    }

    @Test
    void headerNormalisation() {
        MigHeader header = MigHeader.normalise(Json.parseObject(
                "{\"tenant_id\":\"acme\",\"traceparent\":\"not-a-trace\"}".getBytes(StandardCharsets.UTF_8), "h"));
        assertEquals("0.1", header.migVersion());
        assertEquals(36, header.messageId().length());
        assertEquals(null, header.traceparent(), "an invalid traceparent is dropped, as W3C says");
        assertEquals(MigErrorCode.MIG_INVALID_REQUEST, assertThrows(MigException.class, () -> MigHeader.normalise(
                Json.parseObject("{\"message_id\":\"a\\nb\"}".getBytes(StandardCharsets.UTF_8), "h"))).code());
    }
}
