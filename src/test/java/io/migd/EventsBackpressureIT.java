package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.events.EventHub;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.SseClient;
import io.migd.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static io.migd.EventsIT.TENANT;
import static io.migd.EventsIT.awaitConnection;
import static io.migd.EventsIT.awaitGone;
import static io.migd.EventsIT.awaitTrue;
import static io.migd.EventsIT.eventHub;
import static io.migd.EventsIT.find;
import static io.migd.EventsIT.publish;
import static io.migd.EventsIT.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * mig-spec §5.6: a subscriber that cannot keep up must not grow the gateway's memory. A raw-socket subscriber that
 * never reads (small receive window) stalls while thousands of events are published; the gateway either ends it
 * with a MIG_BACKPRESSURE error event ({@code disconnect}) or drops its oldest buffered events and counts them
 * ({@code drop-oldest}). Meanwhile a normal subscriber on the same topic gets every event and the gateway answers.
 * The JVM heap is not measured (too noisy to be a robust signal);
 * boundedness is asserted on what the gateway holds per subscriber instead.
 */
class EventsBackpressureIT {

    private static final int BUFFER = 64;
    /** a bound on a flood: far more than a stalled socket's kernel buffers (tcp_wmem max 4 MiB) can hide */
    private static final int MAX_EVENTS = 8_000;
    private static final int PUBLISHERS = 4;
    private static final String PAD = "p".repeat(2000);

    @RegisterExtension
    static Gateway disconnect = new Gateway()
            .with("migd.events.subscriber-buffer", String.valueOf(BUFFER))
            .with("migd.events.overflow-policy", "disconnect");

    @RegisterExtension
    static Gateway dropOldest = new Gateway()
            .with("migd.events.subscriber-buffer", String.valueOf(BUFFER))
            .with("migd.events.overflow-policy", "drop-oldest");

    @Test
    void aStalledSubscriberIsDisconnectedWithBackpressureWhileOthersKeepFlowing() throws Exception {
        Gateway gw = disconnect;
        String topic = "flood.disconnect";
        SseClient slow = SseClient.openWithoutReading(gw.port(), "/mig/v0.1/subscribe/" + topic, 4096,
                TENANT, "acme");
        String slowAddr = "127.0.0.1:" + slow.localPort();
        try (slow; SseClient fast = subscribe(gw, "acme", topic)) {
            awaitConnection(gw, "/admin/v0.1/connections?kind=sse_subscribe", slowAddr);

            Flood flood = flood(gw, "acme", topic, () -> find(gw.client()
                    .get("/admin/v0.1/connections?kind=sse_subscribe").body(), slowAddr) == null);
            int total = flood.total();
            assertEveryEventInOrder(fast.take(total, Duration.ofSeconds(25)), total);
            flood.assertGatewayStayedResponsive();

            // the stalled subscriber's server side was released while the client still had not read a byte
            awaitGone(gw, slowAddr);
            awaitTrue(() -> eventHub(gw).subscriberCount() == 1, "only the fast subscriber left in the hub");

            // what the stalled client finds when it finally reads: a prefix of the stream, then the error, then EOF
            slow.startReading();
            List<Frame> frames = slow.drainToEnd(Duration.ofSeconds(15));
            assertFalse(frames.isEmpty(), slow.transcript());
            Frame last = frames.get(frames.size() - 1);
            assertEquals("mig-error", last.event(), "the last frame: " + last);
            JsonNode error = last.json();
            assertEquals("MIG_BACKPRESSURE", error.path("error").path("code").asText(), last.data());
            assertTrue(error.path("error").path("retryable").asBoolean(false), last.data());
            assertTrue(error.path("error").path("message").isTextual(), last.data());
            assertEquals("0.1", error.path("header").path("mig_version").asText(), last.data());
            assertEquals("acme", error.path("header").path("tenant_id").asText(), last.data());
            List<Frame> events = frames.subList(0, frames.size() - 1);
            for (int i = 0; i < events.size(); i++) {
                assertEquals("mig-event", events.get(i).event(), events.get(i).toString());
                assertEquals(String.valueOf(i + 1), events.get(i).id(), "a gapless prefix before the error");
            }
            assertTrue(events.size() + BUFFER < total, "the stalled client was cut off, it got " + events.size()
                    + " of " + total);
            assertTrue(slow.endedCleanly(), "the response was ended properly after the error: " + slow.readFailure());
            System.out.println("disconnect: stalled subscriber got " + events.size() + " events before the error");

            // the fast subscriber is still live
            long next = publish(gw, "acme", topic, "{\"n\":0}").path("sequence").asLong();
            assertEquals(total + 1, next);
            assertEquals(String.valueOf(next), fast.next(EventsIT.WAIT).id(), fast.transcript());

            // "is disconnected" (mig-spec 5.6): the gateway does not keep the stalled client's connection either
            assertTrue(slow.awaitConnectionClosed(Duration.ofSeconds(5)),
                    "the gateway closes the connection after the MIG_BACKPRESSURE event (EOF expected after it)");
        }
    }

    @Test
    void dropOldestKeepsAStalledSubscriberConnectedWithABoundedBufferAndCountsTheDrops() throws Exception {
        Gateway gw = dropOldest;
        EventHub hub = eventHub(gw);
        String topic = "flood.drop";
        long droppedBefore = hub.droppedEvents();
        SseClient slow = SseClient.openWithoutReading(gw.port(), "/mig/v0.1/subscribe/" + topic, 4096,
                TENANT, "acme");
        String slowAddr = "127.0.0.1:" + slow.localPort();
        try (slow; SseClient fast = subscribe(gw, "acme", topic)) {
            awaitConnection(gw, "/admin/v0.1/connections?kind=sse_subscribe", slowAddr);

            Flood flood = flood(gw, "acme", topic, () -> hub.droppedEvents() > droppedBefore);
            int total = flood.total();
            assertEveryEventInOrder(fast.take(total, Duration.ofSeconds(25)), total);
            flood.assertGatewayStayedResponsive();

            long dropped = hub.droppedEvents() - droppedBefore;
            assertTrue(dropped > 0, "drop-oldest dropped and counted events: " + dropped);
            // the stalled subscriber stays connected
            Reply listing = gw.client().get("/admin/v0.1/connections?kind=sse_subscribe");
            assertNotNull(find(listing.body(), slowAddr), "still connected: " + listing.rawBody());
            assertEquals(2, hub.subscriberCount());

            slow.startReading();
            List<Frame> frames = slow.takeUntil(f -> String.valueOf(total).equals(f.id()), Duration.ofSeconds(15));
            long previous = 0;
            int prefix = 0;
            for (Frame frame : frames) {
                assertEquals("mig-event", frame.event(), frame.toString());
                long seq = frame.sequence();
                assertTrue(seq > previous, "in order, no duplicates: " + seq + " after " + previous);
                if (seq == prefix + 1 && prefix == previous) {
                    prefix++;
                }
                previous = seq;
            }
            int afterTheStall = frames.size() - prefix;
            System.out.println("drop-oldest: prefix " + prefix + ", then " + afterTheStall + ", dropped " + dropped);
            assertTrue(afterTheStall <= BUFFER, "at most the subscriber buffer was kept past the stall: "
                    + afterTheStall);
            assertEquals(total, frames.size() + dropped, "every event was either delivered or counted as dropped");

            // still subscribed: the next event reaches both, live
            long next = publish(gw, "acme", topic, "{\"n\":0}").path("sequence").asLong();
            Frame slowNext = slow.next(EventsIT.WAIT);
            assertEquals(String.valueOf(next), slowNext.id(), slow.transcript());
            assertFalse(slowNext.json().path("replay").asBoolean(true));
            assertEquals(String.valueOf(next), fast.next(EventsIT.WAIT).id());
        }
    }

    // --- the flood ---------------------------------------------------------------------------------------------

    /**
     * Publishes events with ~2 KB payloads from PUBLISHERS threads until {@code overflowed} holds (checked on the
     * fly, so the test does not depend on how much the kernel buffers for the stalled socket), then 2 x BUFFER more;
     * HELLO is probed on its own client all along. Fails if {@code overflowed} never holds within MAX_EVENTS.
     */
    private static Flood flood(Gateway gw, String tenant, String topic, BooleanSupplier overflowed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 1);
        AtomicInteger counter = new AtomicInteger();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean publishing = new AtomicBoolean(true);
        try {
            Future<long[]> probe = pool.submit(() -> probeHello(gw, tenant, publishing));
            List<Future<?>> publishers = new ArrayList<>();
            for (int t = 0; t < PUBLISHERS; t++) {
                publishers.add(pool.submit(() -> {
                    int n;
                    while ((n = counter.incrementAndGet()) <= Math.min(MAX_EVENTS, stopAt.get())) {
                        publish(gw, tenant, topic, "{\"n\":" + n + ",\"pad\":\"" + PAD + "\"}");
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            while (stopAt.get() == Long.MAX_VALUE && publishers.stream().anyMatch(f -> !f.isDone())) {
                if (overflowed.getAsBoolean()) {
                    stopAt.set(counter.get() + 2L * BUFFER);
                }
                Thread.sleep(20);
            }
            for (Future<?> publisher : publishers) {
                publisher.get(30, TimeUnit.SECONDS);
            }
            long publishMillis = (System.nanoTime() - started) / 1_000_000;
            publishing.set(false);
            long[] hello = probe.get(10, TimeUnit.SECONDS);
            int total = (int) eventHub(gw).lastSequence(tenant, topic);
            System.out.println("flood " + topic + ": " + total + " events in " + publishMillis + " ms; " + hello[0]
                    + " HELLOs, slowest " + hello[1] + " ms");
            assertTrue(stopAt.get() != Long.MAX_VALUE, "the stalled subscriber never overflowed in " + total
                    + " events");
            return new Flood(total, hello[0], hello[1]);
        } finally {
            publishing.set(false);
            pool.shutdownNow();
        }
    }

    /** HELLOs one after another while publishing: {count, slowest ms}; fails on anything but 200. */
    private static long[] probeHello(Gateway gw, String tenant, AtomicBoolean publishing) {
        MigClient client = new MigClient(gw.base());
        long count = 0;
        long slowest = 0;
        do {
            long started = System.nanoTime();
            Reply hello = client.post("/mig/v0.1/hello", "{}", TENANT, tenant);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (hello.status() != 200) {
                fail("HELLO during the flood -> " + hello.status() + " " + hello.rawBody());
            }
            count++;
            slowest = Math.max(slowest, millis);
        } while (publishing.get());
        return new long[] {count, slowest};
    }

    private record Flood(int total, long hellos, long slowestHelloMillis) {
        void assertGatewayStayedResponsive() {
            assertTrue(hellos > 0, "HELLO was probed");
            assertTrue(slowestHelloMillis < 2000, "HELLO answered quickly during the flood; slowest took "
                    + slowestHelloMillis + " ms");
        }
    }

    /** Sequences 1..total in order, each once, and every published payload among them. */
    private static void assertEveryEventInOrder(List<Frame> frames, int total) {
        BitSet payloads = new BitSet(total + 1);
        for (int i = 0; i < total; i++) {
            Frame frame = frames.get(i);
            assertEquals("mig-event", frame.event(), "frame " + i + ": " + frame.event() + " " + frame.data());
            assertEquals(String.valueOf(i + 1), frame.id(), "the normal subscriber got sequence " + frame.id()
                    + " at position " + i);
            JsonNode event = frame.json();
            assertEquals(i + 1, event.path("sequence").asLong());
            assertFalse(event.path("replay").asBoolean(true));
            payloads.set(event.path("payload").path("n").asInt());
        }
        assertEquals(total, payloads.cardinality() - (payloads.get(0) ? 1 : 0), "every payload once");
    }
}
