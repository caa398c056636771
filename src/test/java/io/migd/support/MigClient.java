package io.migd.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain JDK HTTP client for talking to a started gateway the way any client would. */
public final class MigClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MigClient(URI base) {
        this.base = base;
    }

    /** A status and a parsed JSON body (null when the body is not JSON). */
    public record Reply(int status, JsonNode body, String rawBody, java.net.http.HttpHeaders headers) {

        public String errorCode() {
            return body == null || !body.has("error") ? null : body.path("error").path("code").asText();
        }
    }

    public Reply post(String path, String json, String... headers) {
        return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build());
    }

    public Reply post(String path, JsonNode json, String... headers) {
        return post(path, json.toString(), headers);
    }

    public CompletableFuture<Reply> postAsync(String path, String json, String... headers) {
        return http.sendAsync(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(json))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(MigClient::toReply);
    }

    public Reply get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public Reply send(HttpRequest request) {
        try {
            return toReply(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    public URI base() {
        return base;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A request envelope for tenant {@code tenant} with the given payload (a JSON text). */
    public static String invokeBody(String tenant, String payloadJson) {
        return "{\"header\":{\"tenant_id\":\"" + tenant + "\"},\"payload\":" + payloadJson + "}";
    }

    private static Reply toReply(HttpResponse<String> response) {
        JsonNode body = null;
        try {
            body = response.body() == null || response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        return new Reply(response.statusCode(), body, response.body(), response.headers());
    }
}
