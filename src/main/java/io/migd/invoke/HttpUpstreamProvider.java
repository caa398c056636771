package io.migd.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * An http/https upstream bound through the admin API: the payload is POSTed as JSON, the JSON answer is the result.
 * Non-blocking (Vert.x client); abandoning the call resets the upstream request so a slow upstream sees it go.
 */
public final class HttpUpstreamProvider implements CapabilityProvider {

    public static final String TRACEPARENT = "traceparent";
    public static final String TENANT_ID = "X-Mig-Tenant-Id";
    public static final String MESSAGE_ID = "X-Mig-Message-Id";
    public static final String IDEMPOTENCY_KEY = "X-Mig-Idempotency-Key";

    private final HttpClient client;
    private final URI uri;
    private final long maxResponseBytes;

    public HttpUpstreamProvider(HttpClient client, URI uri, long maxResponseBytes) {
        this.client = client;
        this.uri = uri;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public CompletableFuture<JsonNode> invoke(ProviderRequest request) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri.toString())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader(TENANT_ID, request.header().tenantId())
                .putHeader(MESSAGE_ID, request.header().messageId());
        if (request.header().traceparent() != null) {
            options.putHeader(TRACEPARENT, request.header().traceparent());
        }
        if (request.header().idempotencyKey() != null) {
            options.putHeader(IDEMPOTENCY_KEY, request.header().idempotencyKey());
        }
        Buffer body = Buffer.buffer(Json.write(request.payload()));
        String capability = request.capability();
        client.request(options).onComplete(created -> {
            if (created.failed()) {
                result.completeExceptionally(unreachable(capability));
                return;
            }
            HttpClientRequest upstream = created.result();
            result.whenComplete((value, failure) -> {
                if (failure != null) {
                    upstream.reset();
                }
            });
            if (result.isDone()) {
                return;
            }
            upstream.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    result.completeExceptionally(unreachable(capability));
                    return;
                }
                readResponse(answered.result(), upstream, result, capability);
            });
        });
        return result;
    }

    private void readResponse(HttpClientResponse response, HttpClientRequest upstream,
                              CompletableFuture<JsonNode> result, String capability) {
        Buffer received = Buffer.buffer();
        response.handler(chunk -> {
            if (received.length() + chunk.length() > maxResponseBytes) {
                result.completeExceptionally(new MigException(MigErrorCode.MIG_UNAVAILABLE,
                        "upstream of " + capability + " answered more than " + maxResponseBytes + " bytes",
                        Map.of("capability", capability)));
                upstream.reset();
                return;
            }
            received.appendBuffer(chunk);
        });
        response.exceptionHandler(e -> result.completeExceptionally(unreachable(capability)));
        response.endHandler(done -> {
            int status = response.statusCode();
            Map<String, Object> details = Map.of("capability", capability, "upstream_status", status);
            if (status >= 200 && status < 300) {
                try {
                    result.complete(Json.toTree(received.getBytes()));
                } catch (MigException e) {
                    result.completeExceptionally(new MigException(MigErrorCode.MIG_UNAVAILABLE,
                            "upstream of " + capability + " answered a body that is not JSON", details));
                }
            } else if (status >= 400 && status < 500) {
                result.completeExceptionally(new MigException(MigErrorCode.MIG_INVALID_REQUEST,
                        "upstream of " + capability + " refused the request with HTTP " + status, details));
            } else {
                result.completeExceptionally(new MigException(MigErrorCode.MIG_UNAVAILABLE,
                        "upstream of " + capability + " failed with HTTP " + status, details));
            }
        });
    }

    private static MigException unreachable(String capability) {
        return new MigException(MigErrorCode.MIG_UNAVAILABLE, "upstream of " + capability + " is unreachable",
                Map.of("capability", capability));
    }
}
