package io.migd;

import io.migd.support.Gateway;
import io.migd.support.SseClient;
import io.migd.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.migd.EventsIT.TENANT;
import static io.migd.EventsIT.WAIT;
import static io.migd.EventsIT.awaitTrue;
import static io.migd.EventsIT.ids;
import static io.migd.EventsIT.publish;
import static io.migd.EventsIT.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SSE fan-out as the gateway writes it: one frame per event shared by every subscriber and written as a ready
 * HTTP/1.1 chunk, the streams of each event loop drained together, one keepalive timer per loop that only speaks to
 * silent streams. Against a started gateway over real sockets.
 */
class SseFanOutIT {

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.events.keepalive-ms", "1000");

    @Test
    void everySubscriberGetsEveryEventOnceInOrderWithTheSameBytes() {
        int subscribers = 40;
        List<SseClient> subs = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i++) {
                subs.add(subscribe(gateway, "acme", "fanout.many"));
            }
            for (SseClient sub : subs) {
                awaitTrue(() -> sub.comments().contains(": subscribed to fanout.many"), "subscribed: "
                        + sub.transcript());
            }
            for (int n = 1; n <= 5; n++) {
                publish(gateway, "acme", "fanout.many", "{\"n\":" + n + "}");
            }
            List<Frame> first = null;
            for (SseClient sub : subs) {
                List<Frame> frames = sub.take(5, WAIT);
                assertEquals(List.of("1", "2", "3", "4", "5"), ids(frames), sub.transcript());
                for (int i = 0; i < 5; i++) {
                    Frame frame = frames.get(i);
                    assertEquals("mig-event", frame.event());
                    assertEquals(i + 1, frame.json().path("sequence").asLong());
                    assertEquals(i + 1, frame.json().path("payload").path("n").asLong());
                    assertFalse(frame.json().path("replay").asBoolean(true), frame.data());
                    if (first != null) {
                        assertEquals(first.get(i), frame, "every subscriber gets the very same frame");
                    }
                }
                first = frames;
            }
            // no duplicate came in between: the next frame anyone gets is the next event
            publish(gateway, "acme", "fanout.many", "{\"n\":6}");
            for (SseClient sub : subs) {
                assertEquals("6", sub.next(WAIT).id(), sub.transcript());
            }
        } finally {
            subs.forEach(SseClient::close);
        }
    }

    @Test
    void theStreamIsWellFormedChunkedHttp() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 5_000);
            socket.setSoTimeout(200);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /mig/v0.1/subscribe/fanout.wire HTTP/1.1\r\nHost: 127.0.0.1\r\n" + TENANT
                    + ": acme\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            readUntil(in, received, ": subscribed to fanout.wire\n\n\r\n");
            publish(gateway, "acme", "fanout.wire", "{\"n\":1}");
            publish(gateway, "acme", "fanout.wire", "{\"n\":2,\"text\":\"" + "x".repeat(5_000) + "\"}");
            readUntil(in, received, "\"n\":2");
            readUntil(in, received, "\n\n\r\n");

            String raw = received.toString(StandardCharsets.UTF_8);
            int headEnd = raw.indexOf("\r\n\r\n");
            String head = raw.substring(0, headEnd).toLowerCase(Locale.ROOT);
            assertTrue(head.startsWith("http/1.1 200"), head);
            assertTrue(head.contains("transfer-encoding: chunked"), head);
            assertTrue(head.contains("content-type: text/event-stream"), head);
            // strictly: <hex size>CRLF <exactly that many bytes> CRLF, chunk after chunk, and nothing in between
            byte[] bytes = received.toByteArray();
            int at = raw.substring(0, headEnd + 4).getBytes(StandardCharsets.UTF_8).length;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int chunks = 0;
            while (at < bytes.length) {
                int lineEnd = indexOf(bytes, at, "\r\n");
                assertTrue(lineEnd > at, "a chunk size line at " + at + " in " + raw);
                int size = Integer.parseInt(new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII), 16);
                assertTrue(size > 0, "no last chunk while the stream is open: " + raw);
                int data = lineEnd + 2;
                assertTrue(data + size + 2 <= bytes.length, "a whole chunk: " + raw);
                body.write(bytes, data, size);
                assertEquals('\r', bytes[data + size], "CRLF after chunk " + chunks + ": " + raw);
                assertEquals('\n', bytes[data + size + 1], "CRLF after chunk " + chunks + ": " + raw);
                at = data + size + 2;
                chunks++;
            }
            List<Frame> frames = SseClient.parse(body.toString(StandardCharsets.UTF_8));
            assertEquals(List.of("1", "2"), ids(frames), body.toString(StandardCharsets.UTF_8));
            assertEquals(1, frames.get(0).json().path("payload").path("n").asLong());
            assertEquals(5_000, frames.get(1).json().path("payload").path("text").asText().length());
            assertTrue(body.toString(StandardCharsets.UTF_8).startsWith(": subscribed to fanout.wire\n\n"));
        }
    }

    @Test
    void keepalivesGoToSilentStreamsNotToBusyOnes() throws Exception {
        try (SseClient busy = subscribe(gateway, "acme", "fanout.busy");
             SseClient idle = subscribe(gateway, "acme", "fanout.idle")) {
            awaitTrue(() -> busy.comments().contains(": subscribed to fanout.busy"), busy.transcript());
            awaitTrue(() -> idle.comments().contains(": subscribed to fanout.idle"), idle.transcript());
            // an event every 100 ms for 3.5 s: the busy stream is never silent for most of the 1 s keepalive
            long end = System.nanoTime() + Duration.ofMillis(3_500).toNanos();
            int n = 0;
            while (System.nanoTime() < end) {
                publish(gateway, "acme", "fanout.busy", "{\"n\":" + ++n + "}");
                Thread.sleep(100);
            }
            int published = n;
            assertEquals(published, busy.take(published, WAIT).size(), busy.transcript());
            long idleKeepalives = idle.comments().stream().filter(": keepalive"::equals).count();
            long busyKeepalives = busy.comments().stream().filter(": keepalive"::equals).count();
            assertTrue(idleKeepalives >= 2, "the silent stream is kept alive: " + idle.transcript());
            // one at most, should this machine stall the publishing loop for most of a second
            assertTrue(busyKeepalives <= 1, "a busy stream needs no keepalive: " + busy.transcript());
            assertFalse(idle.hasEnded() || busy.hasEnded());
        }
    }

    private static void readUntil(InputStream in, ByteArrayOutputStream received, String marker)
            throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int from = received.size();
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline) {
            if (received.toString(StandardCharsets.UTF_8).indexOf(marker, Math.max(0, from - marker.length())) >= 0) {
                return;
            }
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    fail("the stream ended before " + marker + ": " + received.toString(StandardCharsets.UTF_8));
                }
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting until the deadline
            }
        }
        fail("no " + marker + " within " + WAIT + ": " + received.toString(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] bytes, int from, String what) {
        byte[] w = what.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= bytes.length - w.length; i++) {
            for (int j = 0; j < w.length; j++) {
                if (bytes[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
