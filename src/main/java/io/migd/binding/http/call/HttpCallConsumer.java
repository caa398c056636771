package io.migd.binding.http.call;

import io.migd.binding.http.HttpAnswer;
import io.migd.binding.http.HttpBodyReader;
import io.migd.binding.http.HttpPaths;
import io.migd.binding.http.HttpRequestDecoder;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.migd.metrics.OperationMetrics;
import io.migd.metrics.OperationRoutePolicy;
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
 * Serves one {@code mig-http:} path on the platform-http router: reads the body (bounded), decodes the call, runs the
 * route asynchronously from the event loop and answers on that event loop with the call's response or, when the
 * route failed, the MIG error envelope.
 */
final class HttpCallConsumer extends DefaultConsumer {

    private final HttpCallEndpoint endpoint;
    private final List<Route> routes = new ArrayList<>();

    HttpCallConsumer(HttpCallEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        routes.addAll(HttpPaths.register(getEndpoint().getCamelContext(), HttpCallComponent.SCHEME,
                endpoint.getHttpMethod(), endpoint.getPath(), -1, this::handle));
        // listed with the platform-http endpoints: 405 answers, metrics templates and Camel's consoles know the path
        platformHttp().addHttpEndpoint(endpoint.getPath(), endpoint.getHttpMethod(), "application/json",
                "application/json", this);
    }

    @Override
    protected void doStop() throws Exception {
        routes.forEach(Route::remove);
        routes.clear();
        platformHttp().removeHttpEndpoint(endpoint.getPath());
        super.doStop();
    }

    private PlatformHttpComponent platformHttp() {
        return getEndpoint().getCamelContext().getComponent("platform-http", PlatformHttpComponent.class);
    }

    private void handle(RoutingContext ctx) {
        if (HttpRequestDecoder.hasBody(ctx.request())) {
            HttpBodyReader.read(ctx, endpoint.maxBodyBytes(), body -> run(ctx, body), this::countRefusal);
        } else {
            run(ctx, null);
        }
    }

    private void run(RoutingContext ctx, byte[] body) {
        MigCall call;
        try {
            call = HttpRequestDecoder.decode(ctx.request(), ctx.pathParams()::get, body);
        } catch (RuntimeException e) {
            MigException error = MigErrors.toMig(e);
            countRefusal(error);
            HttpAnswer.of(null, error).writeTo(ctx.response());
            return;
        }
        Exchange exchange = createExchange(false);
        exchange.setProperty(MigCall.PROPERTY, call);
        try {
            createUoW(exchange);
        } catch (Exception e) {
            releaseExchange(exchange, false);
            HttpAnswer.of(call, MigErrors.toMig(e)).writeTo(ctx.response());
            return;
        }
        Context context = Vertx.currentContext();
        getAsyncProcessor().process(exchange, doneSync -> {
            if (Vertx.currentContext() == context) {
                answer(ctx, exchange, call);
            } else {
                // the route finished on a provider's or timer's thread: answer from the connection's own event loop
                context.runOnContext(v -> answer(ctx, exchange, call));
            }
        });
    }

    /** A request refused before its route ran is still an error of the route's operation. */
    private void countRefusal(MigException error) {
        OperationMetrics metrics = getEndpoint().getCamelContext().getRegistry()
                .lookupByNameAndType("operationMetrics", OperationMetrics.class);
        if (metrics != null && getRouteId() != null) {
            metrics.error(error.code(), OperationRoutePolicy.operationOf(getRouteId()));
        }
    }

    private void answer(RoutingContext ctx, Exchange exchange, MigCall call) {
        try {
            HttpAnswer answer;
            if (exchange.getException() != null) {
                answer = HttpAnswer.of(call, MigErrors.toMig(exchange.getException()));
            } else {
                try {
                    answer = HttpAnswer.of(call);
                } catch (RuntimeException e) {
                    answer = HttpAnswer.of(call, MigErrors.toMig(e));
                }
            }
            answer.writeTo(ctx.response());
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }
}
