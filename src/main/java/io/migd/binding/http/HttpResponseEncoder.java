package io.migd.binding.http;

import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/** {@link MigCall} response → HTTP: JSON body, 200 (201 for a created resource), and no request header echoed back. */
public final class HttpResponseEncoder implements Processor {

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        if (call.frames() != null) {
            writeFrames(exchange.getMessage(), call.frames());
            return;
        }
        write(exchange.getMessage(), call.isCreated() ? 201 : 200, Json.write(call.response()));
    }

    /** Collected stream frames as one Server-Sent Events body. */
    private static void writeFrames(Message message, java.util.List<com.fasterxml.jackson.databind.node.ObjectNode> frames) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        long id = 1;
        for (var frame : frames) {
            body.writeBytes(SseFormat.frame(id++, frame.path("kind").asText(), Json.write(frame)));
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        // a Vert.x Buffer is written as is; a byte[] would be pumped through an InputStream
        message.setBody(io.vertx.core.buffer.Buffer.buffer(body.toByteArray()));
    }

    static void write(Message message, int status, byte[] body) {
        // platform-http turns every message header into a response header: only ours may remain
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader("Cache-Control", "no-store");
        message.setBody(io.vertx.core.buffer.Buffer.buffer(body));
    }
}
