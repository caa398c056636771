package io.migd.invoke;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletableFuture;

/**
 * The thing that does a capability's work. Implementations never block the caller: the returned future completes
 * with the result payload, or exceptionally (preferably with a {@link io.migd.envelope.MigException}). Cancelling
 * the future abandons the work: implementations abort what they can (close the upstream connection, stop the route).
 */
public interface CapabilityProvider {

    CompletableFuture<JsonNode> invoke(ProviderRequest request);

    /**
     * A server_stream invocation: intermediate results go to {@code emitter} as they come; the future completes with
     * the final frame's payload. Providers that cannot stream answer once.
     */
    default CompletableFuture<JsonNode> invokeStream(ProviderRequest request, io.migd.stream.StreamEmitter emitter) {
        return invoke(request);
    }
}
