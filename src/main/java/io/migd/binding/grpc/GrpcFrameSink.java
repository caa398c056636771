package io.migd.binding.grpc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.stub.StreamObserver;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.migd.grpc.v0_1.StreamFrame;
import io.migd.stream.FrameSink;
import io.migd.stream.StreamFrames;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * The StreamFrames of one StreamInvoke call. gRPC observers are not thread-safe and streams finish on many threads, so
 * frames go through one queue, written while the client is ready (bounded: a client that stops reading is ended
 * with MIG_BACKPRESSURE). The call completes once the client has finished sending and every stream has ended.
 */
final class GrpcFrameSink implements FrameSink {

    private final StreamObserver<Object> observer;
    private final GrpcCall call;
    private final int maxQueuedFrames;
    private final ArrayDeque<ObjectNode> queue = new ArrayDeque<>();
    private boolean completeWhenDrained;
    private boolean closed;

    GrpcFrameSink(StreamObserver<Object> observer, GrpcCall call, int maxQueuedFrames) {
        this.observer = observer;
        this.call = call;
        this.maxQueuedFrames = maxQueuedFrames;
        call.onReady(this::flush);
        call.onClose(this::close);
    }

    @Override
    public void send(ObjectNode frame) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= maxQueuedFrames) {
                queue.clear();
                queue.add(StreamFrames.error(null, null, null, new MigException(MigErrorCode.MIG_BACKPRESSURE,
                        "the client is not reading its frames", Map.of("buffer_frames", maxQueuedFrames))));
                completeWhenDrained = true;
            } else {
                queue.add(frame);
            }
        }
        flush();
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    /** The client finished sending: end the call once what is queued has been written. */
    void completeWhenDrained() {
        synchronized (this) {
            completeWhenDrained = true;
        }
        flush();
    }

    synchronized void close() {
        closed = true;
        queue.clear();
    }

    private synchronized void flush() {
        while (!closed && call.isReady() && !queue.isEmpty()) {
            observer.onNext(ProtoJson.fromJson(queue.poll(), StreamFrame.newBuilder()).build());
        }
        if (!closed && completeWhenDrained && queue.isEmpty()) {
            closed = true;
            observer.onCompleted();
        }
    }
}
