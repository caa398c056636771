package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Gateway;
import io.migd.support.GatewayHome;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket frames run on their socket's event loop, one after the other, with no worker hop: a socket's frames are
 * processed in the order they came (so answers that are ready at once go out in that order too), even when a frame's
 * route waits for something; a capability that blocks still runs on the workers, so it holds up neither its own
 * socket, nor other sockets, nor HTTP.
 */
class WebSocketEventLoopIT {

    private static final long BLOCK_MS = 2_000;
    private static final String THREAD_CAPABILITY = """
            - beans:
                - name: capability-test.thread
                  type: io.migd.capability.CapabilityDeclaration
                  properties:
                    id: test.thread
                    version: 1.0.0
                    modes: unary
                    provider: direct:cap-test-thread
                    nonBlocking: true
            - route:
                id: cap-test-thread
                routeConfigurationId: propagate-errors
                from:
                  uri: direct:cap-test-thread
                  steps:
                    - setBody:
                        simple: '{"thread": "${threadName}"}'
            """;

    static GatewayHome home;
    static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        home = new GatewayHome().route("capabilities/test-event-loop.camel.yaml", THREAD_CAPABILITY)
                .route("capabilities/test-blocking.camel.yaml",
                        GatewayHome.blockingCapability("test.blocking", BLOCK_MS));
        gateway = new Gateway().home(home.dir());
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.stop();
        home.close();
    }

    private static String request(String streamId, String capability, String payload) {
        return "{\"header\":{\"tenant_id\":\"acme\"},\"kind\":\"request\",\"stream_id\":\"" + streamId
                + "\",\"capability\":\"" + capability + "\",\"stream_preference\":\"unary\",\"payload\":" + payload
                + "}";
    }

    private static boolean ends(JsonNode frame) {
        return frame.path("end_stream").asBoolean(false);
    }

    @Test
    void aFrameIsHandledOnTheSocketsEventLoop() throws Exception {
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            ws.send(request("t1", "test.thread", "{}"));
            JsonNode frame = ws.until(WebSocketEventLoopIT::ends, 5000).get(0);
            assertEquals("response", frame.path("kind").asText(), frame.toString());
            // a nonBlocking capability runs on the thread that handles the frame
            assertTrue(frame.path("payload").path("thread").asText().contains("eventloop"), frame.toString());
        }
    }

    @Test
    void pipelinedFramesAreAnsweredInOrder() throws Exception {
        int count = 400;
        try (WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i % 10 == 7) {
                    // a bad frame's error answer keeps its place too
                    ws.send("not json " + i);
                    expected.add("error");
                } else {
                    ws.send(request("p" + i, "observatory.models.infer", "{\"input\":\"n" + i + "\"}"));
                    expected.add("p" + i);
                }
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                JsonNode frame = ws.next(10_000);
                assertNotNull(frame, "answers stopped after " + seen.size());
                if ("error".equals(frame.path("kind").asText())) {
                    assertEquals("MIG_INVALID_REQUEST", frame.path("error").path("code").asText(), frame.toString());
                    seen.add("error");
                } else {
                    String id = frame.path("stream_id").asText();
                    assertEquals("inferred: n" + id.substring(1), frame.path("payload").path("result").asText());
                    seen.add(id);
                }
            }
            assertInOrder(expected, seen);
        }
    }

    @Test
    void aFrameWhoseRouteWaitsHoldsBackTheSocketsNextFrames() throws Exception {
        // with an audit file, a refused request is answered once its audit record is written: its route finishes on
        // the audit's thread, and the malformed frames behind it must not overtake it
        try (GatewayHome audited = new GatewayHome()) {
            Gateway withAudit = new Gateway().home(audited.dir())
                    .with("migd.audit.log-path", audited.dir().resolve("audit.jsonl").toString());
            withAudit.start();
            try (WsClient ws = WsClient.connect(withAudit, null, "X-Tenant-ID", "acme")) {
                int count = 300;
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (i % 3 == 0) {
                        ws.send(request("r" + i, "no.such.capability", "{}"));
                        expected.add("refused r" + i);
                    } else {
                        ws.send("not json " + i);
                        expected.add("malformed");
                    }
                }
                List<String> seen = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    JsonNode frame = ws.next(10_000);
                    assertNotNull(frame, "answers stopped after " + seen.size());
                    String code = frame.path("error").path("code").asText();
                    seen.add("MIG_UNSUPPORTED_CAPABILITY".equals(code) ? "refused " + frame.path("stream_id").asText()
                            : "MIG_INVALID_REQUEST".equals(code) ? "malformed" : frame.toString());
                }
                assertInOrder(expected, seen);
            } finally {
                withAudit.stop();
            }
        }
    }

    private static void assertInOrder(List<String> expected, List<String> seen) {
        int same = 0;
        while (same < expected.size() && expected.get(same).equals(seen.get(same))) {
            same++;
        }
        assertEquals(expected.size(), same, "answer " + same + " out of order: "
                + seen.subList(Math.max(0, same - 3), Math.min(seen.size(), same + 5)));
    }

    @Test
    void aBlockingCapabilityOverWebSocketHoldsUpNobody() throws Exception {
        // more blocked calls than Vert.x has event loops (2 per core): each loop serves sockets that wait for one
        int sockets = 2 * 2 * Runtime.getRuntime().availableProcessors() + 2;
        List<WsClient> blocked = new ArrayList<>();
        try {
            for (int i = 0; i < sockets; i++) {
                WsClient ws = WsClient.connect(gateway, null, "X-Tenant-ID", "acme");
                blocked.add(ws);
                ws.send(request("b" + i, "test.blocking", "{}"));
            }
            long started = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                Reply hello = new MigClient(gateway.base()).post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme");
                assertEquals(200, hello.status(), hello.rawBody());
            }
            try (WsClient other = WsClient.connect(gateway, null, "X-Tenant-ID", "acme")) {
                other.send(request("o1", "observatory.models.infer", "{\"input\":\"free\"}"));
                assertEquals("inferred: free", other.until(WebSocketEventLoopIT::ends, 5000).get(0)
                        .path("payload").path("result").asText());
            }
            // the socket that waits for the blocking call still answers its next frame meanwhile
            WsClient first = blocked.get(0);
            first.send(request("f1", "observatory.models.infer", "{\"input\":\"next\"}"));
            JsonNode next = first.next(5000);
            assertNotNull(next);
            assertEquals("f1", next.path("stream_id").asText(), next.toString());
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(tookMs < BLOCK_MS / 2, "others waited " + tookMs + " ms behind blocked capability calls");

            for (int i = 0; i < sockets; i++) {
                JsonNode frame = blocked.get(i).until(WebSocketEventLoopIT::ends, 30_000).get(0);
                assertEquals("b" + i, frame.path("stream_id").asText(), frame.toString());
                assertEquals("response", frame.path("kind").asText(), frame.toString());
                String thread = frame.path("payload").path("thread").asText();
                assertFalse(thread.isEmpty() || thread.contains("eventloop"), "ran on " + thread);
            }
        } finally {
            blocked.forEach(WsClient::close);
        }
    }
}
