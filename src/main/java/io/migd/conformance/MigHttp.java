package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How the conformance checks talk to a gateway: MIG over HTTP, Server-Sent Events and WebSocket, with the JDK's own
 * HTTP client only, as any client would. Every request carries the tenant header and, when given, the bearer token.
 */
public final class MigHttp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A status, the parsed JSON body (null when not JSON) and the raw body. */
    public record Reply(int status, JsonNode json, String raw, HttpHeaders headers) {
        String brief() {
            String text = raw == null ? "" : raw;
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }
    }

    /** One Server-Sent Event. */
    public record SseEvent(String id, String event, String data) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new CheckFailed("SSE data is not JSON: " + data);
            }
        }
    }

    private final URI base;
    private final String tenant;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mig-conformance-timer");
        t.setDaemon(true);
        return t;
    });

    public MigHttp(URI base, String tenant, String token) {
        this.base = base;
        this.tenant = tenant;
        this.token = token;
    }

    public String tenant() {
        return tenant;
    }

    public Reply post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply post(String path, JsonNode body) {
        return post(path, body.toString());
    }

    public Reply get(String path) {
        return send(request(path).GET().build());
    }

    /**
     * Opens an SSE stream ({@code GET}, or {@code POST} with a body) and reads events until {@code stop} says so or
     * {@code timeout} passes; the connection is closed afterwards.
     */
    public List<SseEvent> events(String path, String postBody, java.util.function.Predicate<List<SseEvent>> stop,
                                 Duration timeout, Runnable whenOpen) {
        HttpRequest.Builder builder = request(path).header("Accept", "text/event-stream");
        if (postBody != null) {
            builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(postBody));
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new CheckFailed("could not open the event stream " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
        List<SseEvent> events = new ArrayList<>();
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new CheckFailed("expected HTTP 200 for " + path + ", got " + response.statusCode() + " "
                        + new String(in.readNBytes(300), StandardCharsets.UTF_8));
            }
            String type = response.headers().firstValue("Content-Type").orElse("");
            Expect.that(type.startsWith("text/event-stream"), "content type must be text/event-stream, got " + type);
            var closer = timers.schedule(() -> closeQuietly(in), timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (whenOpen != null) {
                whenOpen.run();
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String id = null;
            String event = null;
            StringBuilder data = new StringBuilder();
            String line;
            while (!stop.test(events) && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event != null || data.length() > 0) {
                        events.add(new SseEvent(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(line.substring(5).trim());
                }
            }
            closer.cancel(false);
        } catch (IOException e) {
            // closed by the timer: the events read so far are the answer
        }
        return events;
    }

    /** A WebSocket on {@code path} whose text messages are queued for {@link Socket#next}. */
    public Socket webSocket(String path) {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tenant != null) {
            builder.header("X-Tenant-ID", tenant);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        String ws = base.toString().replaceFirst("^http", "ws");
        try {
            WebSocket socket = builder.buildAsync(URI.create(ws).resolve(path), new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        messages.add(partial.toString());
                        partial.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            return new Socket(socket, messages);
        } catch (Exception e) {
            throw new CheckFailed("could not open the WebSocket " + path + ": " + e);
        }
    }

    /** An open WebSocket. */
    public static final class Socket implements AutoCloseable {
        private final WebSocket socket;
        private final BlockingQueue<String> messages;

        Socket(WebSocket socket, BlockingQueue<String> messages) {
            this.socket = socket;
            this.messages = messages;
        }

        public void send(String text) {
            socket.sendText(text, true).join();
        }

        /** The next frame as JSON; fails when none arrives within the timeout. */
        public JsonNode next(Duration timeout) {
            try {
                String text = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (text == null) {
                    throw new CheckFailed("no frame within " + timeout.toMillis() + " ms");
                }
                return JSON.readTree(text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CheckFailed("interrupted");
            } catch (IOException e) {
                throw new CheckFailed("a frame is not JSON");
            }
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> null);
            socket.abort();
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (tenant != null) {
            builder.header("X-Tenant-ID", tenant);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = response.body() == null || response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(response.statusCode(), json, response.body(), response.headers());
        } catch (IOException e) {
            throw new CheckFailed(request.method() + " " + request.uri().getPath() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
