package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.support.Gateway;
import io.migd.support.MigClient.Reply;
import io.migd.support.TestUpstream;
import io.migd.support.Tokens;
import io.migd.support.WsClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mig-spec §6 over a real WebSocket client, against a started gateway and real streaming upstreams. */
class WebSocketStreamIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.ws.max-queued-frames", "64")
            .with("migd.stream.max-per-connection", "3");

    static TestUpstream upstream;
    static final CountDownLatch releaseSecondLine = new CountDownLatch(1);

    @BeforeAll
    static void upstream() throws Exception {
        upstream = new TestUpstream()
                // one line, then the rest only after the test has seen the first frame arrive
                .gated("/gated", releaseSecondLine)
                // a line every 100 ms for 10 s, as server-sent events
                .ticker("/ticker", 100, 100, true)
                // as many frames as the socket takes, fast
                .on("/flood", (req, body) -> {
                    HttpServerResponse response = req.response().setChunked(true)
                            .putHeader("Content-Type", "application/x-ndjson");
                    String line = "{\"pad\":\"" + "p".repeat(2000) + "\"}\n";
                    Vertx vertx = Vertx.currentContext().owner();
                    int[] sent = {0};
                    vertx.setPeriodic(1, id -> {
                        for (int i = 0; i < 50 && !response.closed() && sent[0] < 20_000; i++, sent[0]++) {
                            response.write(line);
                        }
                        if (response.closed() || sent[0] >= 20_000) {
                            vertx.cancelTimer(id);
                            if (!response.closed()) {
                                response.end();
                            }
                        }
                    });
                });
        for (String path : new String[] {"gated", "ticker", "flood"}) {
            Reply reply = gateway.client().post("/admin/v0.1/capabilities", "{\"descriptor\":{\"id\":\"stream." + path
                    + "\",\"version\":\"1\",\"modes\":[\"server_stream\"]},\"endpoint\":\"" + upstream.url("/" + path)
                    + "\"}");
            assertEquals(201, reply.status(), reply.rawBody());
        }
    }

    @AfterAll
    static void close() throws Exception {
        upstream.close();
    }

    private static String request(String streamId, String capability, String payload) {
        return "{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"" + streamId
                + "\",\"capability\":\"" + capability + "\",\"payload\":" + payload + "}";
    }

    private static boolean ends(JsonNode frame) {
        return frame.path("end_stream").asBoolean(false);
    }

    @Test
    void unaryRequestGetsOneFinalResponse() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"u1\",\"capability\":"
                    + "\"observatory.models.infer\",\"stream_preference\":\"unary\",\"payload\":{\"input\":\"hi\"}}");
            List<JsonNode> frames = ws.until(WebSocketStreamIT::ends, 5000);
            assertEquals(1, frames.size(), frames.toString());
            JsonNode frame = frames.get(0);
            assertEquals("response", frame.path("kind").asText());
            assertEquals("u1", frame.path("stream_id").asText());
            assertEquals("observatory.models.infer", frame.path("capability").asText());
            assertEquals("inferred: hi", frame.path("payload").path("result").asText());
            assertEquals("acme", frame.path("header").path("tenant_id").asText());
        }
    }

    @Test
    void serverStreamSendsFramesThenAFinalOne() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("s1", "observatory.models.infer", "{\"input\":\"one two three\"}"));
            List<JsonNode> frames = ws.until(WebSocketStreamIT::ends, 5000);
            assertEquals(4, frames.size(), frames.toString());
            for (int i = 0; i < 3; i++) {
                assertEquals("response", frames.get(i).path("kind").asText());
                assertFalse(frames.get(i).path("end_stream").asBoolean());
                assertEquals(i, frames.get(i).path("payload").path("index").asInt());
            }
            assertEquals("three", frames.get(2).path("payload").path("token").asText());
            assertEquals("inferred: one two three", frames.get(3).path("payload").path("result").asText());
        }
    }

    @Test
    void missingStreamIdDefaultsFromTheMessageId() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send("{\"header\":{\"message_id\":\"m-77\"},\"kind\":\"request\",\"capability\":"
                    + "\"observatory.models.infer\",\"payload\":{\"input\":\"x\"}}");
            List<JsonNode> frames = ws.until(WebSocketStreamIT::ends, 5000);
            frames.forEach(f -> assertEquals("stream-m-77", f.path("stream_id").asText()));
        }
    }

    @Test
    void twoStreamsInterleaveOnOneSocket() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("tick-a", "stream.ticker", "{}"));
            ws.send(request("tick-b", "stream.ticker", "{}"));
            List<String> order = new ArrayList<>();
            int a = 0;
            int b = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((a < 3 || b < 3) && System.nanoTime() < deadline) {
                JsonNode frame = ws.next(2000);
                assertNotNull(frame, "frames stopped; seen " + order);
                String id = frame.path("stream_id").asText();
                order.add(id);
                if (id.equals("tick-a")) {
                    assertEquals(a++, frame.path("payload").path("tick").asInt(), "stream a in order");
                } else {
                    assertEquals("tick-b", id);
                    assertEquals(b++, frame.path("payload").path("tick").asInt(), "stream b in order");
                }
            }
            assertTrue(a >= 3 && b >= 3, order.toString());
            int firstB = order.indexOf("tick-b");
            int lastA = order.lastIndexOf("tick-a");
            assertTrue(firstB < lastA, "both streams run at once: " + order);
            // the same stream id twice on one socket is refused while it runs
            ws.send(request("tick-a", "stream.ticker", "{}"));
            List<JsonNode> refused = ws.until(f -> "error".equals(f.path("kind").asText()), 3000);
            assertEquals("MIG_INVALID_REQUEST", refused.get(refused.size() - 1).path("error").path("code").asText());
        }
    }

    @Test
    void cancelMidStream() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("c1", "stream.ticker", "{}"));
            ws.until(f -> f.path("payload").path("tick").asInt(-1) == 1, 5000);
            long start = System.nanoTime();
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"control\",\"stream_id\":\"c1\","
                    + "\"payload\":{\"action\":\"cancel\",\"reason\":\"enough\"}}");
            List<JsonNode> rest = ws.until(f -> "error".equals(f.path("kind").asText()), 3000);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 1000, "cancelled after " + tookMs + " ms");
            JsonNode terminal = rest.get(rest.size() - 1);
            assertTrue(terminal.path("end_stream").asBoolean());
            assertEquals("c1", terminal.path("stream_id").asText());
            assertEquals("MIG_TIMEOUT", terminal.path("error").path("code").asText());
            assertTrue(terminal.path("error").path("details").path("cancelled").asBoolean());
            assertEquals("enough", terminal.path("error").path("details").path("reason").asText());
            JsonNode control = rest.stream().filter(f -> "control".equals(f.path("kind").asText())).findFirst()
                    .orElseGet(() -> {
                        try {
                            return ws.until(f -> "control".equals(f.path("kind").asText()), 2000).get(0);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            assertTrue(control.path("payload").path("accepted").asBoolean());
            assertEquals("cancelled", control.path("payload").path("status").asText());
            assertTrue(upstream.awaitAbandoned("/ticker", 2000), "the upstream stream was not abandoned");
            JsonNode after = ws.next(400);
            assertTrue(after == null || !"c1".equals(after.path("stream_id").asText())
                    || !"response".equals(after.path("kind").asText()), "no frame after the terminal one: " + after);
        }
    }

    @Test
    void oneSocketCannotHaveMoreStreamsInFlightThanTheLimit() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            for (String id : new String[] {"m1", "m2", "m3"}) {
                ws.send(request(id, "stream.ticker", "{}"));
            }
            for (String id : new String[] {"m1", "m2", "m3"}) {
                ws.until(f -> id.equals(f.path("stream_id").asText()) && f.path("payload").has("tick"), 5000);
            }
            ws.send(request("m4", "stream.ticker", "{}"));
            List<JsonNode> refused = ws.until(f -> "m4".equals(f.path("stream_id").asText()), 5000);
            JsonNode error = refused.get(refused.size() - 1);
            assertEquals("error", error.path("kind").asText(), error.toString());
            assertEquals("MIG_BACKPRESSURE", error.path("error").path("code").asText(), error.toString());
            assertEquals(3, error.path("error").path("details").path("max_streams_per_connection").asInt());
            // once one of them ends, the socket may start another
            ws.send("{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"control\",\"stream_id\":\"m1\","
                    + "\"payload\":{\"action\":\"cancel\"}}");
            ws.until(f -> "m1".equals(f.path("stream_id").asText()) && ends(f), 5000);
            ws.send(request("m5", "stream.ticker", "{}"));
            List<JsonNode> started = ws.until(f -> "m5".equals(f.path("stream_id").asText()), 5000);
            assertEquals("response", started.get(started.size() - 1).path("kind").asText(), started.toString());
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheSocketStaysUsable() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            for (String bad : new String[] {"not json", "[1]", "{\"kind\":\"response\",\"stream_id\":\"x\"}",
                    "{\"kind\":\"request\",\"stream_id\":\"x\",\"capability\":\"no.such\"}",
                    "{\"kind\":\"request\",\"stream_id\":\"y\",\"capability\":\"observatory.models.infer\","
                            + "\"payload\":{\"input\":5}}",
                    "{\"kind\":\"control\",\"stream_id\":\"z\",\"payload\":{\"action\":\"explode\"}}"}) {
                ws.send(bad);
                JsonNode frame = ws.next(3000);
                assertNotNull(frame, "no answer to " + bad);
                assertEquals("error", frame.path("kind").asText(), bad + " -> " + frame);
                assertTrue(frame.path("end_stream").asBoolean());
                assertTrue(frame.path("error").path("code").asText().startsWith("MIG_"), frame.toString());
            }
            ws.send(request("ok", "observatory.models.infer", "{\"input\":\"still here\"}"));
            List<JsonNode> frames = ws.until(WebSocketStreamIT::ends, 5000);
            assertEquals("inferred: still here", frames.get(frames.size() - 1).path("payload").path("result")
                    .asText());
        }
    }

    @Test
    void ndjsonFramesArriveBeforeTheUpstreamFinishes() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("g1", "stream.gated", "{}"));
            JsonNode first = ws.next(5000);
            assertNotNull(first, "the first line must be relayed while the upstream is still open");
            assertEquals(1, first.path("payload").path("line").asInt(), first.toString());
            assertFalse(first.path("end_stream").asBoolean());
            releaseSecondLine.countDown();
            List<JsonNode> rest = ws.until(WebSocketStreamIT::ends, 5000);
            assertEquals(2, rest.get(0).path("payload").path("line").asInt(), rest.toString());
            assertTrue(rest.get(rest.size() - 1).path("end_stream").asBoolean());
        }
    }

    @Test
    void socketsAppearInTheConnectionsRegistryAndLeaveOnClose() throws Exception {
        WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "globex");
        try {
            Reply listed = awaitConnections("globex", 1);
            JsonNode entry = listed.body().path("connections").get(0);
            assertEquals("ws_stream", entry.path("kind").asText());
            assertEquals("http", entry.path("protocol").asText());
            assertEquals("anonymous", entry.path("actor").asText());
            assertTrue(entry.path("remote_addr").asText().startsWith("127.0.0.1:"));
        } finally {
            ws.close();
        }
        awaitConnections("globex", 0);
    }

    @Test
    void aReaderThatStopsMeetsBackpressure() throws Exception {
        MeterRegistry meters = gateway.camelContext().getRegistry().lookupByNameAndType("metricsRegistry",
                MeterRegistry.class);
        double before = overflowCount(meters);
        try (WsClient stuck = WsClient.connectNotReading(gateway, "X-Tenant-ID", "stuck")) {
            awaitConnections("stuck", 1);
            stuck.send("{\"kind\":\"request\",\"stream_id\":\"f1\",\"capability\":\"stream.flood\",\"payload\":{}}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (overflowCount(meters) <= before && System.nanoTime() < deadline) {
                // meanwhile other clients are served
                assertEquals(200, gateway.client().post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").status());
            }
            assertTrue(overflowCount(meters) > before, "the slow reader was never cut off");
            awaitConnections("stuck", 0);
        }
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("after", "observatory.models.infer", "{\"input\":\"fine\"}"));
            assertEquals("inferred: fine", ws.until(WebSocketStreamIT::ends, 5000).get(1).path("payload")
                    .path("result").asText());
        }
    }

    @Test
    void jwtModeAuthenticatesTheUpgrade() throws Exception {
        Gateway jwt = new Gateway().with("migd.auth.mode", "jwt").with("migd.auth.jwt-hs256-secret", Tokens.SECRET);
        jwt.start();
        try {
            try (WsClient anonymous = WsClient.connect(jwt, null)) {
                JsonNode refusal = anonymous.next(3000);
                assertNotNull(refusal);
                assertEquals("MIG_UNAUTHORIZED", refusal.path("error").path("code").asText());
                assertEquals(1008, anonymous.closed().get(3, TimeUnit.SECONDS));
            }
            String token = Tokens.valid("alice", "acme", "capability:infer");
            try (WsClient browser = WsClient.connect(jwt, "token=" + token)) {
                browser.send("{\"kind\":\"request\",\"stream_id\":\"t\",\"capability\":\"observatory.models.infer\","
                        + "\"payload\":{\"input\":\"auth\"}}");
                List<JsonNode> frames = browser.until(WebSocketStreamIT::ends, 5000);
                assertEquals("alice", frames.get(0).path("header").path("meta").path("idg.principal_subject")
                        .asText());
            }
            try (WsClient header = WsClient.connect(jwt, null, "Authorization", Tokens.bearer(
                    Tokens.valid("bob", "acme", "other")))) {
                header.send("{\"kind\":\"request\",\"stream_id\":\"t\",\"capability\":\"observatory.models.infer\","
                        + "\"payload\":{\"input\":\"auth\"}}");
                JsonNode denied = header.next(3000);
                assertEquals("MIG_FORBIDDEN", denied.path("error").path("code").asText(), "scopes apply per frame");
            }
        } finally {
            jwt.stop();
        }
    }

    private static double overflowCount(MeterRegistry meters) {
        Counter counter = meters.find("mig_gateway_stream_backpressure_total").tag("binding", "ws").counter();
        return counter == null ? 0 : counter.count();
    }

    private static Reply awaitConnections(String tenant, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Reply reply;
        do {
            reply = gateway.client().get("/admin/v0.1/connections?kind=ws_stream&tenant_id=" + tenant);
            if (reply.body().path("summary").path("total").asInt() == expected) {
                return reply;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + expected + " ws connections for " + tenant + ": " + reply.rawBody());
    }
}
