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

/**
 * A provider that is a Camel endpoint, usually the {@code direct:} route a capability's YAML file declares. The route
 * gets the payload as body and the MIG context as {@link MigHeaders}; its final body is the result.
 */
public final class RouteProvider implements CapabilityProvider {

    private final CamelContext camelContext;
    private final String endpointUri;
    private volatile Endpoint endpoint;
    private volatile AsyncProducer producer;

    public RouteProvider(CamelContext camelContext, String endpointUri) {
        this.camelContext = camelContext;
        this.endpointUri = endpointUri;
    }

    @Override
    public CompletableFuture<JsonNode> invoke(ProviderRequest request) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        Exchange exchange;
        try {
            exchange = producer().getEndpoint().createExchange(ExchangePattern.InOut);
        } catch (Exception e) {
            result.completeExceptionally(e);
            return result;
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
        producer.process(exchange, doneSync -> {
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
        return result;
    }

    private AsyncProducer producer() throws Exception {
        AsyncProducer current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    endpoint = camelContext.getEndpoint(endpointUri);
                    AsyncProducer created = endpoint.createAsyncProducer();
                    ServiceHelper.startService(created);
                    producer = created;
                }
                current = producer;
            }
        }
        return current;
    }

    public String endpointUri() {
        return endpointUri;
    }
}
