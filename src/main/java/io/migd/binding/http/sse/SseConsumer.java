package io.migd.binding.http.sse;

import io.migd.binding.http.HttpAnswer;
import io.migd.binding.http.HttpBodyReader;
import io.migd.binding.http.HttpPaths;
import io.migd.binding.http.HttpRequestDecoder;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.invoke.InFlightRegistry;
import io.migd.stream.StreamSession;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.support.DefaultConsumer;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers the endpoint's path on the platform-http router. Each request runs the route asynchronously; if the
 * route left a subscription on the call, an {@link SseStream} takes the response over, otherwise the failure is
 * answered as the MIG error envelope.
 */
final class SseConsumer extends DefaultConsumer {

    private final SseEndpoint endpoint;
    private final List<Route> routes = new ArrayList<>();

    SseConsumer(SseEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // ahead of mig-http and platform-http routes on the same path, which take what this one passes on
        routes.addAll(HttpPaths.register(getEndpoint().getCamelContext(), SseComponent.SCHEME,
                endpoint.getHttpMethod(), endpoint.getPath(), -2, this::handle));
        if ("GET".equals(endpoint.getHttpMethod())) {
            // listed with the platform-http endpoints, so 405s and Camel's consoles know the path
            platformHttp().addHttpEndpoint(endpoint.getPath(), "GET", null, "text/event-stream", this);
        }
    }

    private PlatformHttpComponent platformHttp() {
        return getEndpoint().getCamelContext().getComponent("platform-http", PlatformHttpComponent.class);
    }

    @Override
    protected void doStop() throws Exception {
        routes.forEach(Route::remove);
        routes.clear();
        if ("GET".equals(endpoint.getHttpMethod())) {
            platformHttp().removeHttpEndpoint(endpoint.getPath());
        }
        super.doStop();
    }

    private void handle(RoutingContext ctx) {
        String accept = endpoint.getAccept();
        if (accept != null) {
            String given = ctx.request().getHeader("Accept");
            if (given == null || !mentions(given, accept)) {
                ctx.next();
                return;
            }
        }
        if (!"POST".equals(endpoint.getHttpMethod())) {
            run(ctx, null);
            return;
        }
        HttpBodyReader.read(ctx, endpoint.sseComponent().getMaxBodyBytes(), body -> run(ctx, body), refused -> {
        });
    }

    /** Whether the Accept header names {@code type}, in any case (every unary POST on the path passes here). */
    private static boolean mentions(String header, String type) {
        for (int i = 0, last = header.length() - type.length(); i <= last; i++) {
            if (header.regionMatches(true, i, type, 0, type.length())) {
                return true;
            }
        }
        return false;
    }

    private void run(RoutingContext ctx, byte[] body) {
        Context context = Vertx.currentContext();
        MigCall call;
        try {
            call = HttpRequestDecoder.decode(ctx.request(), ctx.pathParams()::get, body);
        } catch (RuntimeException e) {
            answerError(ctx, null, MigErrors.toMig(e));
            return;
        }
        SseFrameSink frames = new SseFrameSink(context, endpoint.sseComponent().getMaxQueuedFrames());
        call.streamSession(new StreamSession(frames));
        Exchange exchange = createExchange(false);
        exchange.setProperty(MigCall.PROPERTY, call);
        try {
            createUoW(exchange);
        } catch (Exception e) {
            releaseExchange(exchange, false);
            answerError(ctx, call, MigErrors.toMig(e));
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> context.runOnContext(v -> {
            try {
                respond(ctx, exchange, call, frames);
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }));
    }

    private void respond(RoutingContext ctx, Exchange exchange, MigCall call, SseFrameSink frames) {
        // the route either opened a subscription (SUBSCRIBE) or started a stream for a capability (streaming INVOKE)
        boolean invokeStream = call.subscription() == null && call.capability() != null;
        if (exchange.getException() != null || (call.subscription() == null && !invokeStream)) {
            MigException error = exchange.getException() != null ? MigErrors.toMig(exchange.getException())
                    : new MigException(MigErrorCode.MIG_INTERNAL, "the route opened no stream");
            if (call.subscription() != null) {
                call.subscription().close();
            }
            cancelStreams(call);
            answerError(ctx, call, error);
            return;
        }
        if (call.subscription() == null) {
            if (ctx.response().closed()) {
                cancelStreams(call);
                return;
            }
            ctx.response().setStatusCode(200)
                    .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("X-Accel-Buffering", "no")
                    .setChunked(true);
            ctx.response().closeHandler(v -> {
                frames.close();
                cancelStreams(call);
            });
            frames.start(ctx.response());
            return;
        }
        if (ctx.response().closed()) {
            call.subscription().close();
            return;
        }
        ConnectionRegistry connections = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("connectionRegistry", ConnectionRegistry.class);
        SseLoop loop = endpoint.sseComponent().loop(ctx.vertx(), Vertx.currentContext());
        new SseStream(ctx.vertx(), loop, ctx.request(), call, connections).start();
    }

    /** The client went away: what its streams still run is cancelled. */
    private void cancelStreams(MigCall call) {
        InFlightRegistry inFlight = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("inFlightRegistry", InFlightRegistry.class);
        call.streamSession().cancelAll(inFlight, call.tenant(), "the client closed the stream");
    }

    private static void answerError(RoutingContext ctx, MigCall call, MigException error) {
        HttpAnswer.of(call, error).writeTo(ctx.response());
    }
}
