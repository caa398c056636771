package io.migd.binding.ws;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConstants;
import org.apache.camel.component.vertx.websocket.VertxWebsocketConsumer;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEndpoint;
import org.apache.camel.component.vertx.websocket.VertxWebsocketEvent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A vertx-websocket server consumer that runs each event (OPEN, frame, CLOSE) through the route on the socket's own
 * event loop, with Camel's asynchronous routing engine, and one event after the other per socket.
 * <p>
 * camel-vertx-websocket hands every frame to a worker thread ({@code executeBlocking}, unordered) and runs the route
 * synchronously there: a thread hop and a blocked worker per frame, and frames of one socket processed concurrently,
 * out of order. The gateway's routes never block an event loop (capability routes that may block hop to the
 * capability workers by themselves), so the hop only costs. When a route does wait for something, its
 * {@link FrameLane} holds the socket's further frames until it finished.
 */
final class EventLoopWebsocketConsumer extends VertxWebsocketConsumer {

    /** The open sockets by connection key; known from their OPEN event (fireWebSocketConnectionEvents). */
    private final Map<String, FrameLane> lanes = new ConcurrentHashMap<>();

    EventLoopWebsocketConsumer(VertxWebsocketEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public void onOpen(String connectionKey, SocketAddress remote, RoutingContext routingContext,
                       ServerWebSocket webSocket) {
        lanes.put(connectionKey, new FrameLane(webSocket, Vertx.currentContext()));
        super.onOpen(connectionKey, remote, routingContext, webSocket);
    }

    @Override
    public void onClose(String connectionKey, SocketAddress remote, RoutingContext routingContext) {
        super.onClose(connectionKey, remote, routingContext);
        lanes.remove(connectionKey);
    }

    @Override
    protected void doStop() throws Exception {
        lanes.clear();
        super.doStop();
    }

    /**
     * Only the event, the connection key and the remote address. The upgrade request's query and path parameters,
     * which camel-vertx-websocket copies into every frame's headers, stay out: the query may carry a JWT
     * ({@code ?token=}), and the binding reads the upgrade request from the socket once, at OPEN.
     * <p>
     * The event is its name, a String: the binding route compares it with {@code 'OPEN'} / {@code 'CLOSE'}, and Simple
     * compares an enum with a String through a type-converter lookup that misses and scans every converter, each
     * time — measured at ~40% of the server's CPU per frame.
     */
    @Override
    protected void populateExchangeHeaders(Exchange exchange, String connectionKey, SocketAddress remote,
                                           RoutingContext routingContext, VertxWebsocketEvent event) {
        Message message = exchange.getMessage();
        message.setHeader(VertxWebsocketConstants.REMOTE_ADDRESS, remote);
        message.setHeader(VertxWebsocketConstants.CONNECTION_KEY, connectionKey);
        message.setHeader(VertxWebsocketConstants.EVENT, event.name());
    }

    @Override
    protected void processExchange(Exchange exchange, RoutingContext routingContext) {
        FrameLane lane = lanes.get(exchange.getMessage().getHeader(VertxWebsocketConstants.CONNECTION_KEY,
                String.class));
        try {
            createUoW(exchange);
        } catch (Exception e) {
            getExceptionHandler().handleException("Error processing exchange", exchange, e);
            releaseExchange(exchange, false);
            return;
        }
        boolean finished = getAsyncProcessor().process(exchange, doneSync -> done(exchange, doneSync ? null : lane));
        if (!finished && lane != null) {
            lane.hold();
        }
    }

    /** On the event loop, or on whichever thread finished the route's last asynchronous step. */
    private void done(Exchange exchange, FrameLane held) {
        try {
            if (exchange.getException() != null) {
                // the route's error handler (ws-errors) answers a failed frame with an error frame; what gets here
                // failed in the error handling itself: logged, never written to the socket
                getExceptionHandler().handleException("Error processing exchange", exchange,
                        exchange.getException());
            }
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
            if (held != null) {
                held.release();
            }
        }
    }
}
