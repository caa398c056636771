package io.migd.binding.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ServerCall;
import io.migd.auth.Credentials;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway knows about one gRPC call beyond its messages: the metadata credentials, the remote address, the
 * gRPC deadline, and callbacks for when the client can take more messages or went away. Reachable from the route
 * through {@link #KEY} in the gRPC context.
 */
public final class GrpcCall {

    public static final Context.Key<GrpcCall> KEY = Context.key("migd-grpc-call");

    private final ServerCall<?, ?> call;
    private final Credentials credentials;
    private final String remoteAddress;
    private final Deadline deadline;
    private final List<Runnable> onReady = new CopyOnWriteArrayList<>();
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private volatile Object state;

    GrpcCall(ServerCall<?, ?> call, Credentials credentials, String remoteAddress, Deadline deadline) {
        this.call = call;
        this.credentials = credentials;
        this.remoteAddress = remoteAddress;
        this.deadline = deadline;
    }

    public static GrpcCall current() {
        return KEY.get();
    }

    public Credentials credentials() {
        return credentials;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** Milliseconds left of the client's gRPC deadline, or null when it set none. */
    public Long deadlineMillis() {
        return deadline == null ? null : Math.max(0, deadline.timeRemaining(TimeUnit.MILLISECONDS));
    }

    public boolean isReady() {
        return call.isReady();
    }

    public void onReady(Runnable listener) {
        onReady.add(listener);
    }

    /** Runs when the call ends for any reason (client cancel, deadline, completion). */
    public void onClose(Runnable listener) {
        onClose.add(listener);
    }

    /** Binding state kept for the life of the call (the stream session of a StreamInvoke). */
    @SuppressWarnings("unchecked")
    public synchronized <T> T state(java.util.function.Supplier<T> create) {
        if (state == null) {
            state = create.get();
        }
        return (T) state;
    }

    void ready() {
        onReady.forEach(Runnable::run);
    }

    void closed() {
        onClose.forEach(Runnable::run);
        onClose.clear();
        onReady.clear();
    }
}
