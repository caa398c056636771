package io.migd.binding.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * What an HTTP binding answers for a call: status, media type and body. One place decides it for both HTTP
 * consumers (the {@code mig-http:} operations and the platform-http admin routes).
 */
public record HttpAnswer(int status, String contentType, Buffer body) {

    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    /** The call's response: JSON (201 for a created resource), or its collected stream frames as one SSE body. */
    public static HttpAnswer of(MigCall call) {
        if (call.frames() != null) {
            return new HttpAnswer(200, EVENT_STREAM, Buffer.buffer(sseBody(call.frames())));
        }
        return new HttpAnswer(call.isCreated() ? 201 : 200, JSON, Buffer.buffer(Json.write(call.response())));
    }

    /** A failure as the MIG error envelope with the status of mig-spec §2; {@code call} may be null. */
    public static HttpAnswer of(MigCall call, MigException error) {
        return new HttpAnswer(HttpErrorEncoder.status(error), JSON,
                Buffer.buffer(Json.write(MigErrors.envelope(call, error))));
    }

    /** Writes this answer unless the response is already under way or the client has gone. */
    public void writeTo(HttpServerResponse response) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }

    private static byte[] sseBody(List<ObjectNode> frames) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long id = 1;
        for (ObjectNode frame : frames) {
            body.writeBytes(SseFormat.frame(id++, frame.path("kind").asText(), Json.write(frame)));
        }
        return body.toByteArray();
    }
}
