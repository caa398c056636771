package io.migd.binding.grpc;

import com.google.protobuf.Message;
import io.grpc.stub.StreamObserver;
import io.migd.auth.Credentials;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.grpc.v0_1.CancelAck;
import io.migd.grpc.v0_1.DiscoverResponse;
import io.migd.grpc.v0_1.HeartbeatAck;
import io.migd.grpc.v0_1.HelloResponse;
import io.migd.grpc.v0_1.InvokeResponse;
import io.migd.grpc.v0_1.PublishAck;
import io.migd.invoke.InFlightRegistry;
import io.migd.stream.StreamFrames;
import io.migd.stream.StreamSession;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.grpc.GrpcConstants;

import java.util.Map;

/**
 * The gRPC binding's codecs (mig-spec §7): a request message becomes a {@link MigCall} for the operation routes, the
 * answer becomes the method's reply message, failures become statuses (or, inside StreamInvoke, error frames).
 */
public final class GrpcProcessors {

    public static final String STREAM_INVOKE = "streamInvoke";


    private final ConnectionRegistry connections;
    private final InFlightRegistry inFlight;
    private final int maxQueuedFrames;

    public GrpcProcessors(ConnectionRegistry connections, InFlightRegistry inFlight, int maxQueuedFrames) {
        this.connections = connections;
        this.inFlight = inFlight;
        this.maxQueuedFrames = maxQueuedFrames;
    }

    /** A request message (unary, Subscribe, or one StreamInvoke frame) → the call. */
    public Processor decoder() {
        return exchange -> {
            GrpcCall grpc = GrpcCall.current();
            Message request = exchange.getIn().getBody(Message.class);
            MigCall call = new MigCall("grpc", grpc == null ? Credentials.NONE : grpc.credentials(),
                    grpc == null ? null : grpc.remoteAddress(), null, Map.of(), ProtoJson.toJson(request));
            if (grpc != null) {
                call.transportDeadlineMs(grpc.deadlineMillis());
                if (STREAM_INVOKE.equals(method(exchange))) {
                    call.streamSession(streamState(exchange, grpc, call).session());
                }
            }
            exchange.setProperty(MigCall.PROPERTY, call);
        };
    }

    /** The operation's answer → the method's reply message, and the call is done. */
    public Processor encoder() {
        return exchange -> {
            MigCall call = MigCall.of(exchange);
            Message.Builder builder = replyBuilder(method(exchange));
            StreamObserver<Object> observer = observer(exchange);
            observer.onNext(ProtoJson.fromJson(call.response(), builder).build());
            observer.onCompleted();
        };
    }

    /** SUBSCRIBE opened a subscription: its events are written as they come. */
    public Processor subscription() {
        return exchange -> {
            MigCall call = MigCall.of(exchange);
            GrpcCall grpc = GrpcCall.current();
            var subscription = call.subscription();
            ConnectionRegistry.Registration registration = connections.open("grpc", "event_subscribe",
                    subscription.tenant(), call.principal().subject(), call.remoteAddress(),
                    Map.of("topic", subscription.topic(),
                            "resume_cursor", call.requestText("resume_cursor") == null ? ""
                                    : call.requestText("resume_cursor")));
            new GrpcEventWriter(observer(exchange), grpc, subscription, registration).start();
        };
    }

    /** The client finished (or failed) sending StreamInvoke frames: end the call when its streams have ended. */
    public Processor streamEnd() {
        return exchange -> {
            GrpcCall grpc = GrpcCall.current();
            if (grpc == null) {
                return;
            }
            StreamState state = streamState(exchange, grpc, null);
            if (GrpcConstants.GRPC_EVENT_TYPE_ON_ERROR.equals(
                    exchange.getIn().getHeader(GrpcConstants.GRPC_EVENT_TYPE_HEADER, String.class))) {
                state.cancelAll("the client failed the stream");
                state.sink().close();
                return;
            }
            state.session().whenIdle(state.sink()::completeWhenDrained);
        };
    }

    /** A failure: a status for a unary call or Subscribe; an error frame inside StreamInvoke (the call goes on). */
    public Processor errors() {
        return exchange -> {
            Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            MigException error = MigErrors.toMig(failure);
            MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
            if (STREAM_INVOKE.equals(method(exchange)) && call != null && call.streamSession() != null) {
                String capability = call.capability() != null ? call.capability().id() : null;
                call.streamSession().sink().send(StreamFrames.error(call, call.streamId(), capability, error));
                return;
            }
            StreamObserver<Object> observer = observer(exchange);
            if (observer != null) {
                observer.onError(GrpcStatuses.toStatus(error));
            }
        };
    }

    private StreamState streamState(Exchange exchange, GrpcCall grpc, MigCall firstCall) {
        return grpc.state(() -> {
            GrpcFrameSink sink = new GrpcFrameSink(observer(exchange), grpc, maxQueuedFrames);
            String tenant = grpc.credentials().tenantHeader();
            ConnectionRegistry.Registration registration = connections.open("grpc", "stream_invoke", tenant,
                    null, grpc.remoteAddress(), Map.of());
            StreamState state = new StreamState(new StreamSession(sink), sink, tenant);
            grpc.onClose(() -> {
                registration.close();
                state.cancelAll("the gRPC call ended");
            });
            return state;
        });
    }

    @SuppressWarnings("unchecked")
    private static StreamObserver<Object> observer(Exchange exchange) {
        return exchange.getProperty(GrpcConstants.GRPC_RESPONSE_OBSERVER, StreamObserver.class);
    }

    /** The reply message of a unary RPC (a switch, not a map of builders: the proto classes load on first use). */
    private static Message.Builder replyBuilder(String method) {
        return switch (method) {
            case "hello" -> HelloResponse.newBuilder();
            case "discover" -> DiscoverResponse.newBuilder();
            case "invoke" -> InvokeResponse.newBuilder();
            case "publish" -> PublishAck.newBuilder();
            case "cancel" -> CancelAck.newBuilder();
            case "heartbeat" -> HeartbeatAck.newBuilder();
            default -> throw new IllegalStateException("no reply message for RPC " + method);
        };
    }

    private static String method(Exchange exchange) {
        return exchange.getIn().getHeader(GrpcConstants.GRPC_METHOD_NAME_HEADER, String.class);
    }

    /** One StreamInvoke call's stream session. */
    private final class StreamState {
        private final StreamSession session;
        private final GrpcFrameSink sink;
        private final String tenant;

        StreamState(StreamSession session, GrpcFrameSink sink, String tenant) {
            this.session = session;
            this.sink = sink;
            this.tenant = tenant;
        }

        StreamSession session() {
            return session;
        }

        GrpcFrameSink sink() {
            return sink;
        }

        void cancelAll(String reason) {
            session.cancelAll(inFlight, tenant, reason);
        }
    }
}
