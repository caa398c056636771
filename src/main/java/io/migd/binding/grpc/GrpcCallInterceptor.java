package io.migd.binding.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.migd.auth.Credentials;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Captures each call's metadata ({@code authorization}, {@code x-tenant-id}), deadline and lifecycle as a {@link GrpcCall}. */
public final class GrpcCallInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-tenant-id", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        String address = remote instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : null;
        GrpcCall state = new GrpcCall(call, new Credentials(headers.get(AUTHORIZATION), headers.get(TENANT)), address,
                Context.current().getDeadline());
        Context context = Context.current().withValue(GrpcCall.KEY, state);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(context, call, headers, next);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onReady() {
                super.onReady();
                state.ready();
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    state.closed();
                }
            }

            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } finally {
                    state.closed();
                }
            }
        };
    }
}
