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

import io.migd.stream.StreamEmitter;

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
        return call(request, null);
    }

    /**
     * Asks for a stream: an {@code application/x-ndjson} answer is relayed line by line, a {@code text/event-stream}
     * answer event by event, as they arrive; a plain JSON answer is the single final frame.
     */
    @Override
    public CompletableFuture<JsonNode> invokeStream(ProviderRequest request, StreamEmitter emitter) {
        return call(request, emitter);
    }

    private CompletableFuture<JsonNode> call(ProviderRequest request, StreamEmitter emitter) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri.toString())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", emitter == null ? "application/json"
                        : "application/x-ndjson, text/event-stream;q=0.9, application/json;q=0.5")
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
                HttpClientResponse response = answered.result();
                String type = response.getHeader("Content-Type") == null ? ""
                        : response.getHeader("Content-Type").toLowerCase(java.util.Locale.ROOT);
                boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
                if (emitter != null && ok && (type.startsWith("application/x-ndjson")
                        || type.startsWith("text/event-stream"))) {
                    relay(response, upstream, result, capability, emitter, type.startsWith("text/event-stream"));
                } else {
                    readResponse(response, upstream, result, capability);
                }
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

    /** Relays each complete line (ndjson) or each event's data (SSE) as a frame the moment it is complete. */
    private void relay(HttpClientResponse response, HttpClientRequest upstream, CompletableFuture<JsonNode> result,
                       String capability, StreamEmitter emitter, boolean eventStream) {
        // the bytes after the last complete line; replaced, never grown past one line
        Buffer[] pending = {Buffer.buffer()};
        StringBuilder eventData = new StringBuilder();
        response.handler(chunk -> {
            Buffer data = pending[0].length() == 0 ? chunk : pending[0].appendBuffer(chunk);
            int start = 0;
            for (int i = 0; i < data.length(); i++) {
                if (data.getByte(i) == '\n') {
                    String line = data.getString(start, i, "UTF-8");
                    start = i + 1;
                    if (line.endsWith("\r")) {
                        line = line.substring(0, line.length() - 1);
                    }
                    if (!relayLine(line, eventStream, eventData, emitter, result, capability)) {
                        upstream.reset();
                        return;
                    }
                }
            }
            if (data.length() - start > maxResponseBytes) {
                result.completeExceptionally(new MigException(MigErrorCode.MIG_UNAVAILABLE,
                        "upstream of " + capability + " sent a frame over " + maxResponseBytes + " bytes",
                        Map.of("capability", capability)));
                upstream.reset();
                return;
            }
            pending[0] = data.getBuffer(start, data.length()).copy();
        });
        response.exceptionHandler(e -> result.completeExceptionally(unreachable(capability)));
        response.endHandler(done -> {
            if (pending[0].length() > 0) {
                relayLine(pending[0].toString("UTF-8"), eventStream, eventData, emitter, result, capability);
            }
            if (eventData.length() > 0) {
                relayLine("", eventStream, eventData, emitter, result, capability);
            }
            result.complete(io.migd.envelope.Json.object());
        });
    }

    private static boolean relayLine(String line, boolean eventStream, StringBuilder eventData, StreamEmitter emitter,
                                     CompletableFuture<JsonNode> result, String capability) {
        String json;
        if (eventStream) {
            if (line.startsWith("data:")) {
                eventData.append(eventData.length() == 0 ? "" : "\n").append(line.substring(5).stripLeading());
                return true;
            }
            if (!line.isEmpty()) {
                return true;
            }
            json = eventData.toString();
            eventData.setLength(0);
        } else {
            json = line;
        }
        if (json.isBlank()) {
            return true;
        }
        try {
            JsonNode frame = Json.toTree(json);
            if (!frame.isObject()) {
                throw new MigException(MigErrorCode.MIG_UNAVAILABLE, "not an object");
            }
            emitter.emit((com.fasterxml.jackson.databind.node.ObjectNode) frame);
            return true;
        } catch (MigException e) {
            result.completeExceptionally(new MigException(MigErrorCode.MIG_UNAVAILABLE,
                    "upstream of " + capability + " streamed a frame that is not a JSON object",
                    Map.of("capability", capability)));
            return false;
        }
    }

    private static MigException unreachable(String capability) {
        return new MigException(MigErrorCode.MIG_UNAVAILABLE, "upstream of " + capability + " is unreachable",
                Map.of("capability", capability));
    }
}
