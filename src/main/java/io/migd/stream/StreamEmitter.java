package io.migd.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames of one stream: any number of intermediate response frames, then exactly one terminal frame (the final
 * response, or an error). Whatever comes first — the provider's end, the deadline, a cancel — is the terminal one;
 * anything after it is dropped.
 */
public final class StreamEmitter {

    private final MigCall call;
    private final StreamSession session;
    private final String streamId;
    private final String capability;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Runnable onFinish = () -> { };

    public StreamEmitter(MigCall call, StreamSession session, String streamId, String capability) {
        this.call = call;
        this.session = session;
        this.streamId = streamId;
        this.capability = capability;
    }

    void onFinish(Runnable onFinish) {
        this.onFinish = onFinish;
    }

    /** An intermediate frame ({@code end_stream: false}). */
    public void emit(ObjectNode payload) {
        if (!finished.get()) {
            session.sink().send(StreamFrames.response(call, streamId, capability, payload, false));
        }
    }

    /** The final frame ({@code end_stream: true}). */
    public boolean complete(ObjectNode payload) {
        if (finished.compareAndSet(false, true)) {
            session.sink().send(StreamFrames.response(call, streamId, capability, payload, true));
            onFinish.run();
            return true;
        }
        return false;
    }

    /** A terminal error frame ({@code end_stream: true}). */
    public boolean fail(MigException error) {
        if (finished.compareAndSet(false, true)) {
            session.sink().send(StreamFrames.error(call, streamId, capability, error));
            onFinish.run();
            return true;
        }
        return false;
    }

    public boolean isFinished() {
        return finished.get();
    }

    public String streamId() {
        return streamId;
    }
}
