package io.migd.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a binding writes the StreamFrames of one connection (a WebSocket, an SSE response, a gRPC call). Never
 * blocks: an implementation buffers within a bound and, when a client cannot keep up, ends the connection with a
 * MIG_BACKPRESSURE error frame.
 */
public interface FrameSink {

    void send(ObjectNode frame);

    boolean isOpen();
}
