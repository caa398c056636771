package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.StampResponseHeaderProcessor;
import io.migd.stream.StreamSession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;

/**
 * Stream invocation over NATS (mig-spec §8, seed 003 §7). A request on {@code mig.v0_1.<tenant>.stream.start.<capability>}
 * (the same envelope as INVOKE, optionally with {@code stream_id}) starts the stream and is answered with
 * {@code {"header", "stream_id", "capability", "subject"}}; the frames follow on {@code subject} =
 * {@code mig.v0_1.<tenant>.stream.<stream_id>}, the last with {@code end_stream: true}. Choose the {@code stream_id}
 * (or the {@code message_id}: the default is {@code stream-<message_id>}) and subscribe before sending, as with any
 * NATS stream. CANCEL with the start request's message id ends the stream with an error frame.
 */
public final class NatsStreamProcessors {

    private static final String SINK = "migdNatsFrameSink";

    private final NatsConnector connector;
    private final ConnectionRegistry connections;
    private final int maxHeldFrames;

    public NatsStreamProcessors(NatsConnector connector, ConnectionRegistry connections, int maxHeldFrames) {
        this.connector = connector;
        this.connections = connections;
        this.maxHeldFrames = maxHeldFrames;
    }

    /** Before the operation: the call's frames go to NATS, held until the reply is out. */
    public Processor open() {
        return exchange -> {
            MigCall call = MigCall.of(exchange);
            NatsFrameSink sink = new NatsFrameSink(connector, call, maxHeldFrames);
            call.streamSession(new StreamSession(sink));
            exchange.setProperty(SINK, sink);
        };
    }

    /** After the operation started the stream: the answer names it and where its frames go. */
    public Processor started() {
        return exchange -> {
            MigCall call = MigCall.of(exchange);
            ObjectNode response = Json.object();
            response.set("header", StampResponseHeaderProcessor.responseHeader(call));
            response.put("stream_id", call.streamId());
            response.put("capability", call.capability().id());
            response.put("subject", NatsSubjects.stream(call.tenant(), call.streamId()));
            call.response(response);
        };
    }

    /** After the reply: the held frames go out and the stream shows in the connections view until it ends. */
    public Processor release() {
        return exchange -> {
            NatsFrameSink sink = exchange.getProperty(SINK, NatsFrameSink.class);
            MigCall call = MigCall.of(exchange);
            String actor = call.principal() == null ? null : call.principal().subject();
            sink.release(connections.open("nats", "stream_invoke", call.tenant(), actor, null,
                    Map.of("stream_id", call.streamId(), "capability", call.capability().id(),
                            "subject", NatsSubjects.stream(call.tenant(), call.streamId()))));
        };
    }

    /** On failure: whatever the stream produced is dropped (the client got an error reply instead). */
    static void discard(Exchange exchange) {
        NatsFrameSink sink = exchange.getProperty(SINK, NatsFrameSink.class);
        if (sink != null) {
            sink.discard();
        }
    }
}
