package io.migd;

import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile input catalogue: each case gets a MIG error envelope or a clean close, no stack trace, no state change,
 * and the gateway keeps serving other clients.
 */
class HostileInputIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.http.read-timeout-ms", "1000");

    private static final String[] ACME = {"X-Tenant-ID", "acme"};

    @AfterEach
    void stillHealthyAndUnchanged() {
        Reply hello = gateway.client().post("/mig/v0.1/hello", "{}", ACME);
        assertEquals(200, hello.status(), "the gateway must keep serving: " + hello.rawBody());
        Reply discover = gateway.client().post("/mig/v0.1/discover", "{}", ACME);
        assertEquals(1, discover.body().path("capabilities").size(), "no capability may appear: " + discover.rawBody());
        assertEquals(0, gateway.client().get("/admin/v0.1/connections").body().path("summary").path("total").asInt());
    }

    @Test
    void deeplyNestedJson() {
        String deep = "{\"payload\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/invoke/observatory.models.infer", deep, ACME), 400,
                "MIG_INVALID_REQUEST");
        String deepObjects = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello", deepObjects, ACME), 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void hugeNumbersAndStrings() {
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello",
                "{\"header\":{\"deadline_ms\":" + "9".repeat(2000) + "}}", ACME), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello",
                "{\"header\":{\"deadline_ms\":99999999999999}}", ACME), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                MigClient.invokeBody("acme", "{\"input\":\"" + "x".repeat(70_000) + "\"}"), ACME), 400,
                "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello",
                "{\"pad\":\"" + "x".repeat(2_000_000) + "\"}", ACME), 413, "MIG_INVALID_REQUEST");
    }

    @Test
    void duplicateKeys() {
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                "{\"payload\":{\"input\":\"a\",\"input\":\"b\"}}", ACME), 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void invalidUtf8() {
        byte[] body = "{\"payload\":{\"input\":\"\u0000\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[body.length + 2];
        System.arraycopy(body, 0, broken, 0, body.length - 3);
        broken[body.length - 3] = (byte) 0xC3;
        broken[body.length - 2] = (byte) 0x28;
        System.arraycopy(body, body.length - 3, broken, body.length - 1, 3);
        Reply reply = gateway.client().send(gateway.client().request("/mig/v0.1/invoke/observatory.models.infer",
                ACME).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(broken))
                .build());
        assertErrorEnvelope(reply, 400, "MIG_INVALID_REQUEST");
    }

    @Test
    void controlCharactersAndWildcardsInIds() {
        for (String tenant : new String[] {"acme\r\nX-Injected: 1", "ac*me", "acme.>", "ac me", "../../etc"}) {
            assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello",
                    "{\"header\":{\"tenant_id\":" + MigClient.JSON.valueToTree(tenant) + "}}"), 400,
                    "MIG_INVALID_REQUEST");
        }
        for (String topic : new String[] {"a.*", "a.%3E", "a.%20b", "a..b", "a.b%0d%0aX"}) {
            Reply publish = gateway.client().post("/mig/v0.1/publish/" + topic, "{\"payload\":{}}", ACME);
            assertErrorEnvelope(publish, 400, "MIG_INVALID_REQUEST");
            Reply subscribe = gateway.client().get("/mig/v0.1/subscribe/" + topic, ACME);
            assertErrorEnvelope(subscribe, 400, "MIG_INVALID_REQUEST");
        }
        for (String capability : new String[] {"a.*", "a.%3E", "a%20b.c", "..%2F..%2Fetc"}) {
            Reply invoke = gateway.client().post("/mig/v0.1/invoke/" + capability, "{\"payload\":{}}", ACME);
            assertTrue(invoke.status() == 400 || invoke.status() == 404, invoke.rawBody());
            assertTrue(invoke.errorCode() != null, invoke.rawBody());
            assertFalse(invoke.rawBody().contains("Exception"));
        }
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/cancel/a%0d%0ab", "{}", ACME), 400,
                "MIG_INVALID_REQUEST");
    }

    @Test
    void pathTraversal() {
        Reply reply = gateway.client().get("/mig/v0.1/../../etc/passwd");
        assertTrue(reply.status() == 404 || reply.status() == 400, reply.rawBody());
        assertTrue(reply.errorCode() != null, reply.rawBody());
        Reply schema = gateway.client().post("/admin/v0.1/schemas",
                "{\"uri\":\"../../etc/passwd\",\"schema\":{\"$ref\":\"file:///etc/passwd\"}}");
        assertTrue(schema.status() == 201 || schema.status() == 400, schema.rawBody());
        assertFalse(schema.rawBody().contains("root:"), schema.rawBody());
    }

    @Test
    void oversizedHeadersGetAnErrorOrACleanClose() throws Exception {
        String response = raw("POST /mig/v0.1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-ID: acme\r\n"
                + "X-Big: " + "a".repeat(64 * 1024) + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
                5000);
        assertTrue(response.isEmpty() || response.startsWith("HTTP/1.1 431") || response.startsWith("HTTP/1.1 400"),
                response);
        assertFalse(response.contains("Exception"));
    }

    @Test
    void slowLorisBodyIsCut() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mig/v0.1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-ID: acme\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"pad\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                read = -2;
            } catch (IOException reset) {
                read = -1;
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, read, "the server must close the connection");
            assertTrue(tookMs >= 900 && tookMs < 4000, "closed after " + tookMs + " ms with a 1000 ms read timeout");
        }
    }

    @Test
    void garbageRequestLine() throws Exception {
        String response = raw("\u0000\u0001GARBAGE / HTTP/9.9\r\n\r\n", 3000);
        assertFalse(response.contains("Exception"), response);
    }

    private static String raw(String request, int timeoutMs) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(timeoutMs);
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
            } catch (IOException closedWhileWriting) {
                return "";
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = socket.getInputStream().read(buffer)) > 0) {
                    received.write(buffer, 0, n);
                    if (received.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // a reset is a clean close for this purpose
            }
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
