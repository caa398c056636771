package io.migd.binding.http.sse;

import io.migd.binding.http.HttpErrorEncoder;
import io.migd.binding.http.HttpRequestDecoder;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.DefaultConsumer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registers the endpoint's path on the platform-http router. Each request runs the route asynchronously; if the
 * route left a subscription on the call, an {@link SseStream} takes the response over, otherwise the failure is
 * answered as the MIG error envelope.
 */
final class SseConsumer extends DefaultConsumer {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private final SseEndpoint endpoint;
    private final List<Route> routes = new ArrayList<>();
    private final List<String> paramNames = new ArrayList<>();

    SseConsumer(SseEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Matcher m = PATH_PARAM.matcher(endpoint.getPath());
        while (m.find()) {
            paramNames.add(m.group(1));
        }
        String vertxPath = m.replaceAll(":$1");
        var routers = getEndpoint().getCamelContext().getRegistry().findByType(VertxPlatformHttpRouter.class);
        if (routers.isEmpty()) {
            throw new IllegalStateException("mig-sse needs the embedded platform-http Vert.x server");
        }
        for (VertxPlatformHttpRouter router : routers) {
            routes.add(router.get(vertxPath).handler(this::handle));
        }
        // listed with the platform-http endpoints, so 405s and Camel's consoles know the path
        platformHttp().addHttpEndpoint(endpoint.getPath(), "GET", null, "text/event-stream", this);
    }

    private PlatformHttpComponent platformHttp() {
        return getEndpoint().getCamelContext().getComponent("platform-http", PlatformHttpComponent.class);
    }

    @Override
    protected void doStop() throws Exception {
        routes.forEach(Route::remove);
        routes.clear();
        platformHttp().removeHttpEndpoint(endpoint.getPath());
        super.doStop();
    }

    private void handle(RoutingContext ctx) {
        Context context = Vertx.currentContext();
        MigCall call;
        try {
            call = HttpRequestDecoder.decode(ctx.request(), ctx.pathParams()::get, null);
        } catch (RuntimeException e) {
            answerError(ctx, null, MigErrors.toMig(e));
            return;
        }
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
                respond(ctx, exchange, call);
            } finally {
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }));
    }

    private void respond(RoutingContext ctx, Exchange exchange, MigCall call) {
        if (exchange.getException() != null || call.subscription() == null) {
            MigException error = exchange.getException() != null ? MigErrors.toMig(exchange.getException())
                    : new MigException(MigErrorCode.MIG_INTERNAL, "the route opened no stream");
            if (call.subscription() != null) {
                call.subscription().close();
            }
            answerError(ctx, call, error);
            return;
        }
        if (ctx.response().closed()) {
            call.subscription().close();
            return;
        }
        ConnectionRegistry connections = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("connectionRegistry", ConnectionRegistry.class);
        new SseStream(ctx.vertx(), ctx.response(), call, connections, endpoint.keepaliveMillis()).start();
    }

    private static void answerError(RoutingContext ctx, MigCall call, MigException error) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(HttpErrorEncoder.status(error))
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(Buffer.buffer(Json.write(MigErrors.envelope(call, error))));
    }
}
