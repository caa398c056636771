package io.migd.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

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
    private volatile Function<MigException, CompletionStage<?>> beforeTerminal =
            error -> CompletableFuture.completedFuture(null);

    public StreamEmitter(MigCall call, StreamSession session, String streamId, String capability) {
        this.call = call;
        this.session = session;
        this.streamId = streamId;
        this.capability = capability;
    }

    void onFinish(Runnable onFinish) {
        this.onFinish = onFinish;
    }

    /**
     * Runs when the stream's outcome is decided (null: success), before the terminal frame goes out; the frame is sent
     * once the returned stage completes (e.g. the audit record is durable).
     */
    void beforeTerminal(Function<MigException, CompletionStage<?>> beforeTerminal) {
        this.beforeTerminal = beforeTerminal;
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
            terminate(null, StreamFrames.response(call, streamId, capability, payload, true));
            return true;
        }
        return false;
    }

    /** A terminal error frame ({@code end_stream: true}). */
    public boolean fail(MigException error) {
        if (finished.compareAndSet(false, true)) {
            terminate(error, StreamFrames.error(call, streamId, capability, error));
            return true;
        }
        return false;
    }

    private void terminate(MigException error, ObjectNode frame) {
        onFinish.run();
        CompletionStage<?> ready;
        try {
            ready = beforeTerminal.apply(error);
        } catch (RuntimeException e) {
            ready = CompletableFuture.completedFuture(null);
        }
        ready.whenComplete((v, failure) -> session.sink().send(frame));
    }

    public boolean isFinished() {
        return finished.get();
    }

    public String streamId() {
        return streamId;
    }
}
