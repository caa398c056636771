package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.StampResponseHeaderProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * {@link MigCall} response → NATS reply. Frames collected for a one-shot answer ({@code stream_preference:
 * server_stream} on {@code .invoke}) come back as {@code {"header": ..., "frames": [...]}}; to receive frames as
 * they are produced, start the stream on {@code .stream.start.<capability>}.
 */
public final class NatsReplyEncoder implements Processor {

    private final NatsConnector connector;

    public NatsReplyEncoder(NatsConnector connector) {
        this.connector = connector;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        ObjectNode envelope = call.response();
        if (call.frames() != null) {
            envelope = Json.object();
            envelope.set("header", StampResponseHeaderProcessor.responseHeader(call));
            ArrayNode frames = envelope.putArray("frames");
            call.frames().forEach(frames::add);
        }
        NatsReplies.reply(connector, exchange, envelope);
    }
}
