package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming INVOKE over plain HTTP: SSE frames, as they come with Accept: text/event-stream, collected otherwise. */
class HttpStreamingIT {

    @RegisterExtension
    static Gateway gateway = new Gateway();

    static TestUpstream upstream;
    static final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream()
                .gated("/gated", release)
                .ticker("/ticker", 100, 100, false);
        for (String path : new String[] {"gated", "ticker"}) {
            Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"http." + path
                    + "\",\"version\":\"1\",\"modes\":[\"server_stream\"]},\"endpoint\":\"" + upstream.url("/" + path)
                    + "\"}");
            assertEquals(201, reply.status(), reply.rawBody());
        }
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    private static HttpResponse<InputStream> sse(String capability, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.base().resolve(
                        "/mig/v0.1/invoke/" + capability))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .header("X-Tenant-ID", "acme").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The data lines of the stream, read until the terminal frame. */
    private static List<String> frames(BufferedReader reader, int max) throws Exception {
        List<String> out = new ArrayList<>();
        String line;
        while (out.size() < max && (line = reader.readLine()) != null) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
                if (line.contains("\"end_stream\":true")) {
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void acceptEventStreamRelaysFramesAsTheyCome() throws Exception {
        HttpResponse<InputStream> response = sse("http.gated", "{\"payload\":{}}");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            List<String> first = frames(reader, 1);
            assertTrue(first.get(0).contains("\"line\":1"), "first frame before the upstream finished: " + first);
            release.countDown();
            List<String> rest = frames(reader, 10);
            assertTrue(rest.get(0).contains("\"line\":2"), rest.toString());
            assertTrue(rest.get(rest.size() - 1).contains("\"end_stream\":true"), rest.toString());
        }
    }

    @Test
    void theDeadlineBoundsTheWholeStream() throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = sse("http.ticker", "{\"header\":{\"deadline_ms\":450},\"payload\":{}}");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            List<String> frames = frames(reader, 100);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            String last = frames.get(frames.size() - 1);
            assertTrue(last.contains("\"kind\":\"error\"") && last.contains("MIG_TIMEOUT"), last);
            assertTrue(frames.size() >= 3 && frames.size() <= 7, frames.size() + " frames in 450 ms");
            assertTrue(tookMs < 1500, "took " + tookMs + " ms");
        }
    }

    @Test
    void streamPreferenceWithoutSseAcceptCollectsTheFrames() {
        Reply reply = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"stream_preference\":\"server_stream\",\"payload\":{\"input\":\"a b c\"}}", "X-Tenant-ID", "acme");
        assertEquals(200, reply.status(), reply.rawBody());
        assertTrue(reply.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        long frames = reply.rawBody().lines().filter(l -> l.startsWith("data: ")).count();
        assertEquals(4, frames, reply.rawBody());
        assertTrue(reply.rawBody().contains("\"result\":\"inferred: a b c\""));
    }

    @Test
    void failuresBeforeTheStreamAreJsonEnvelopes() throws Exception {
        HttpResponse<InputStream> unknown = sse("no.such", "{\"payload\":{}}");
        assertEquals(404, unknown.statusCode());
        String body = new String(unknown.body().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(body.contains("MIG_UNSUPPORTED_CAPABILITY"), body);
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"stream_preference\":\"bogus\",\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "acme"), 400,
                "MIG_INVALID_REQUEST");
    }
}
