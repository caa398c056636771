package io.migd.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An SSE subscriber: collects the {@code data:} lines of {@code event: mig-event} frames on a thread of its own. */
public final class SseReader implements AutoCloseable {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    public SseReader(URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("subscribe answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        body = response.body();
        reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String event = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ") && "mig-event".equals(event)) {
                    events.add(line.substring(6));
                    arrivals.add(line.substring(6));
                }
            }
        } catch (Exception e) {
            // closed
        }
    }

    /** The next event's data, or null after {@code timeout}. */
    public String next(Duration timeout) throws InterruptedException {
        return arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void close() throws Exception {
        body.close();
    }
}
