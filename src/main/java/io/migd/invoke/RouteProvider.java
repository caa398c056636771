package io.migd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.envelope.Json;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.support.service.ServiceHelper;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A provider that is a Camel endpoint, usually the {@code direct:} route a capability's YAML file declares. The route
 * gets the payload as body and the MIG context as {@link MigHeaders}; its final body is the result.
 */
public final class RouteProvider implements CapabilityProvider {

    /** The exchange property a streaming route's {@code mig-frame:} steps find their stream by. */
    public static final String EMITTER_PROPERTY = "migdStreamEmitter";

    private final CamelContext camelContext;
    private final Executor executor;
    private final Route unary;
    private final Route streaming;

    /**
     * @param streamEndpointUri the route for server_stream invocations; null: the unary route answers once
     * @param executor where the routes run; null: on the calling thread (only for routes that never block)
     */
    public RouteProvider(CamelContext camelContext, String endpointUri, String streamEndpointUri, Executor executor) {
        this.camelContext = camelContext;
        this.executor = executor;
        this.unary = new Route(endpointUri);
        this.streaming = streamEndpointUri == null ? null : new Route(streamEndpointUri);
    }

    public RouteProvider(CamelContext camelContext, String endpointUri) {
        this(camelContext, endpointUri, null, null);
    }

    @Override
    public CompletableFuture<JsonNode> invoke(ProviderRequest request) {
        return call(unary, request, null);
    }

    @Override
    public CompletableFuture<JsonNode> invokeStream(ProviderRequest request, io.migd.stream.StreamEmitter emitter) {
        return streaming == null ? invoke(request) : call(streaming, request, emitter);
    }

    private CompletableFuture<JsonNode> call(Route route, ProviderRequest request,
                                             io.migd.stream.StreamEmitter emitter) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        Exchange exchange;
        AsyncProducer producer;
        try {
            producer = route.producer();
            exchange = producer.getEndpoint().createExchange(ExchangePattern.InOut);
        } catch (Exception e) {
            result.completeExceptionally(e);
            return result;
        }
        if (emitter != null) {
            exchange.setProperty(EMITTER_PROPERTY, emitter);
        }
        exchange.getIn().setBody(request.payload().deepCopy());
        exchange.getIn().setHeader(MigHeaders.CAPABILITY, request.capability());
        exchange.getIn().setHeader(MigHeaders.TENANT_ID, request.header().tenantId());
        exchange.getIn().setHeader(MigHeaders.MESSAGE_ID, request.header().messageId());
        exchange.getIn().setHeader(MigHeaders.SESSION_ID, request.header().sessionId());
        exchange.getIn().setHeader(MigHeaders.TRACEPARENT, request.header().traceparent());
        exchange.getIn().setHeader(MigHeaders.IDEMPOTENCY_KEY, request.header().idempotencyKey());
        exchange.getIn().setHeader(MigHeaders.ACTOR, request.actor());
        exchange.getIn().setHeader(MigHeaders.DEADLINE_MS, request.timeoutMs());
        // abandoning the call stops the route at its next step
        result.whenComplete((value, failure) -> {
            if (failure instanceof CancellationException) {
                exchange.setRouteStop(true);
            }
        });
        Runnable run = () -> producer.process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                result.completeExceptionally(exchange.getException());
            } else {
                try {
                    result.complete(Json.toTree(exchange.getMessage().getBody()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        if (executor == null) {
            run.run();
        } else {
            try {
                executor.execute(run);
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(e);
            }
        }
        return result;
    }

    /** One endpoint and its producer, created on first use. */
    private final class Route {
        private final String uri;
        private volatile AsyncProducer producer;

        Route(String uri) {
            this.uri = uri;
        }

        AsyncProducer producer() throws Exception {
            AsyncProducer current = producer;
            if (current == null) {
                synchronized (this) {
                    if (producer == null) {
                        Endpoint endpoint = camelContext.getEndpoint(uri);
                        AsyncProducer created = endpoint.createAsyncProducer();
                        ServiceHelper.startService(created);
                        producer = created;
                    }
                    current = producer;
                }
            }
            return current;
        }
    }
}
