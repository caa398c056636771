package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.stream.FrameSink;
import io.nats.client.Connection;
import io.nats.client.impl.NatsMessage;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * The frames of one NATS stream invocation, published to {@code mig.v0_1.<tenant>.stream.<stream_id>} with the MIG
 * header fields as NATS headers. Frames produced before the start reply has gone out are held (within the bound) and
 * published right after it, so a client always gets the reply before the first frame. The sink ends with the
 * terminal frame ({@code end_stream: true}); NATS itself does not block, so nothing else limits it.
 */
final class NatsFrameSink implements FrameSink {

    private final NatsConnector connector;
    private final MigCall call;
    private final int maxHeldFrames;
    private final ArrayDeque<ObjectNode> held = new ArrayDeque<>();
    private boolean released;
    private boolean ended;
    private ConnectionRegistry.Registration registration;

    NatsFrameSink(NatsConnector connector, MigCall call, int maxHeldFrames) {
        this.connector = connector;
        this.call = call;
        this.maxHeldFrames = maxHeldFrames;
    }

    @Override
    public void send(ObjectNode frame) {
        ConnectionRegistry.Registration done = null;
        synchronized (this) {
            if (ended) {
                return;
            }
            boolean terminal = frame.path("end_stream").asBoolean(false);
            if (!released) {
                if (held.size() >= maxHeldFrames && !terminal) {
                    return;
                }
                held.addLast(frame);
                ended = terminal;
                return;
            }
            publish(frame);
            if (terminal) {
                ended = true;
                done = registration;
            }
        }
        if (done != null) {
            done.close();
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return !ended;
    }

    /** After the start reply: publishes what was held and lets frames through from now on. */
    synchronized void release(ConnectionRegistry.Registration connection) {
        if (released) {
            return;
        }
        released = true;
        while (!held.isEmpty()) {
            publish(held.pollFirst());
        }
        if (ended) {
            connection.close();
        } else {
            registration = connection;
        }
    }

    /** The stream could not start (the reply is an error): nothing is published. */
    synchronized void discard() {
        released = true;
        ended = true;
        held.clear();
    }

    private void publish(ObjectNode frame) {
        Connection connection = connector == null ? null : connector.connection();
        if (connection == null) {
            return;
        }
        String streamId = frame.path("stream_id").asText();
        try {
            connection.publish(NatsMessage.builder().subject(NatsSubjects.stream(call.tenant(), streamId))
                    .headers(NatsHeaders.mirror(frame.get("header"), null)).data(Json.write(frame)).build());
        } catch (RuntimeException e) {
            ended = true;
            throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "could not publish a stream frame to NATS",
                    Map.of("stream_id", streamId));
        }
    }
}
