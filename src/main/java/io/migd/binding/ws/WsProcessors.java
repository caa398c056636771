package io.migd.binding.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthException;
import io.migd.auth.Authenticator;
import io.migd.auth.Credentials;
import io.migd.auth.Principal;
import io.migd.binding.http.HttpRequestDecoder;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.invoke.InFlightRegistry;
import io.migd.stream.StreamFrames;
import io.migd.stream.StreamSession;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket binding's codecs (mig-spec §6): {@link #open} authenticates the upgrade request and registers the
 * socket, {@link #frame} turns a text frame into a {@link MigCall} for the stream operation route, {@link #error}
 * answers a failed frame with an error frame (the socket stays usable), {@link #close} cancels what the socket left.
 */
public final class WsProcessors {

    /** WebSocket close code 1008: policy violation. */
    private static final short POLICY_VIOLATION = 1008;
    /** WebSocket close code 1011: the server met an unexpected condition. */
    private static final short INTERNAL_ERROR = 1011;

    private final WsConnections connections;
    private final Authenticator authenticator;
    private final AuthDecisions decisions;
    private final ConnectionRegistry registry;
    private final InFlightRegistry inFlight;
    private final Counter overflows;
    private final int maxQueuedFrames;

    public WsProcessors(WsConnections connections, Authenticator authenticator, AuthDecisions decisions,
                        ConnectionRegistry registry, InFlightRegistry inFlight, MeterRegistry meters,
                        int maxQueuedFrames) {
        this.connections = connections;
        this.authenticator = authenticator;
        this.decisions = decisions;
        this.registry = registry;
        this.inFlight = inFlight;
        this.overflows = meters.counter("mig_gateway_stream_backpressure_total", "binding", "ws");
        this.maxQueuedFrames = maxQueuedFrames;
    }

    public Processor open() {
        return exchange -> {
            ServerWebSocket socket = exchange.getIn().getBody(ServerWebSocket.class);
            String key = exchange.getIn().getHeader(VertxWebsocketConstants.CONNECTION_KEY, String.class);
            Credentials credentials = credentials(socket);
            String remote = address(socket.remoteAddress());
            Principal principal;
            try {
                principal = authenticator.authenticate(credentials);
            } catch (AuthException e) {
                decisions.deny(null, credentials.tenantHeader(), "ws:/mig/v0.1/stream", e.reason());
                refuse(socket, e, POLICY_VIOLATION, "unauthorized");
                return;
            }
            // OPEN runs on the socket's event loop (EventLoopWebsocketConsumer): the sink writes from there
            WsFrameSink sink = new WsFrameSink(socket, Vertx.currentContext(), maxQueuedFrames, overflows);
            String tenant = principal.tenant() != null ? principal.tenant() : credentials.tenantHeader();
            ConnectionRegistry.Registration registration = registry.open("http", "ws_stream", tenant,
                    principal.subject(), remote, Map.of("path", "/mig/v0.1/stream"));
            StreamSession session = new StreamSession(sink);
            sink.onCutOff(() -> {
                registration.close();
                session.cancelAll(inFlight, tenant, "the client stopped reading");
            });
            connections.opened(key, new WsConnection(socket, credentials, remote, session, sink, registration));
        };
    }

    public Processor close() {
        return exchange -> {
            String key = exchange.getIn().getHeader(VertxWebsocketConstants.CONNECTION_KEY, String.class);
            WsConnection connection = connections.closed(key);
            if (connection == null) {
                return;
            }
            connection.sink().close();
            connection.registration().close();
            String tenant = connection.registration().connection().tenantId();
            connection.session().cancelAll(inFlight, tenant, "the WebSocket closed");
        };
    }

    public Processor frame() {
        return exchange -> {
            String key = exchange.getIn().getHeader(VertxWebsocketConstants.CONNECTION_KEY, String.class);
            WsConnection connection = connections.find(key);
            if (connection == null) {
                // refused at OPEN (the socket is closing) or already closed: nobody to answer
                exchange.setRouteStop(true);
                return;
            }
            Object body = exchange.getIn().getBody();
            byte[] bytes = body instanceof byte[] b ? b : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
            MigCall call = new MigCall("ws", connection.credentials(), connection.remoteAddress(), null, Map.of(),
                    bytes);
            call.streamSession(connection.session());
            exchange.setProperty(MigCall.PROPERTY, call);
            exchange.getIn().removeHeaders("*");
        };
    }

    public Processor error() {
        return exchange -> {
            MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
            Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            MigException error = MigErrors.toMig(failure);
            if (exchange.getIn().getBody() instanceof ServerWebSocket socket) {
                // the OPEN itself failed: the socket has no connection that could answer its frames
                refuse(socket, error, INTERNAL_ERROR, "internal error");
                return;
            }
            if (call == null || call.streamSession() == null) {
                return;
            }
            String capability = call.capability() != null ? call.capability().id() : null;
            call.streamSession().sink().send(StreamFrames.error(call, call.streamId(), capability, error));
        };
    }

    private static void refuse(ServerWebSocket socket, MigException error, short closeCode, String reason) {
        socket.writeTextMessage(Json.writeString(StreamFrames.error(null, null, null, error)));
        socket.close(closeCode, reason);
    }

    private static Credentials credentials(ServerWebSocket socket) {
        String authorization = socket.headers().get("Authorization");
        String tenant = socket.headers().get(HttpRequestDecoder.TENANT_HEADER);
        Map<String, List<String>> query = new QueryStringDecoder(socket.uri()).parameters();
        if (authorization == null && query.containsKey("token")) {
            // browsers cannot set headers on a WebSocket: the token may come as a query parameter
            authorization = "Bearer " + query.get("token").get(0);
        }
        if (tenant == null && query.containsKey("tenant_id")) {
            tenant = query.get("tenant_id").get(0);
        }
        return new Credentials(authorization, tenant);
    }

    private static String address(SocketAddress address) {
        return address == null ? null : address.hostAddress() + ":" + address.port();
    }
}
