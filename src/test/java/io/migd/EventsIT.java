package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.events.EventHub;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.SseClient;
import io.migd.support.SseClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * mig-spec §5.6 PUBLISH / SUBSCRIBE over HTTP + SSE, and the §9 connections view of subscribers, against a started
 * gateway with a real socket-level SSE client. Backpressure has its own class ({@code EventsBackpressureIT}).
 */
class EventsIT {

    static final String TENANT = "X-Tenant-ID";
    static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GUIDE_BASE = "http://localhost:8080";

    @RegisterExtension
    static Gateway gateway = new Gateway().with("migd.events.keepalive-ms", "250");

    /** Retention of 5 events, for the gap notice. */
    @RegisterExtension
    static Gateway smallRetention = new Gateway().with("migd.events.retain-count", "5");

    /** Retention of 300 ms, for age-based expiry. */
    @RegisterExtension
    static Gateway shortRetention = new Gateway().with("migd.events.retain-ms", "300");

    // --- 1. live delivery --------------------------------------------------------------------------------------

    @Test
    void liveEventsArriveInOrderWithTheEventMessageFields() {
        try (SseClient sub = subscribe(gateway, "acme", "live.orders")) {
            assertEquals(200, sub.status(), sub.transcript());
            assertTrue(sub.header("Content-Type").startsWith("text/event-stream"), sub.header("Content-Type"));
            awaitTrue(() -> sub.comments().contains(": subscribed to live.orders"), "the subscribed comment: "
                    + sub.comments());

            List<JsonNode> acks = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Reply ack = publishReply(gateway, "acme", "live.orders", "msg-live-" + i, "{\"n\":" + i + "}");
                assertEquals(200, ack.status(), ack.rawBody());
                JsonNode body = ack.body();
                assertEquals("live.orders", body.path("topic").asText(), ack.rawBody());
                assertEquals(i, body.path("sequence").asLong(), ack.rawBody());
                assertTrue(body.path("accepted").asBoolean(false), ack.rawBody());
                assertFalse(body.path("event_id").asText().isEmpty(), ack.rawBody());
                assertEquals("msg-live-" + i, body.path("header").path("message_id").asText(), ack.rawBody());
                assertEquals("acme", body.path("header").path("tenant_id").asText(), ack.rawBody());
                acks.add(body);
            }

            List<Frame> frames = sub.take(3, WAIT);
            for (int i = 0; i < 3; i++) {
                Frame frame = frames.get(i);
                JsonNode event = frame.json();
                assertEquals("mig-event", frame.event(), frame.toString());
                assertEquals(String.valueOf(i + 1), frame.id(), "id: is the sequence " + frame);
                assertEquals(i + 1, event.path("sequence").asLong(), frame.toString());
                assertEquals("live.orders", event.path("topic").asText(), frame.toString());
                assertEquals(acks.get(i).path("event_id").asText(), event.path("event_id").asText(), frame.toString());
                assertEquals(MigClient.JSON.createObjectNode().put("n", i + 1), event.path("payload"), frame.toString());
                assertTrue(event.path("replay").isBoolean() && !event.path("replay").asBoolean(), frame.toString());
                assertEquals("acme", event.path("header").path("tenant_id").asText(), frame.toString());
                assertEquals("msg-live-" + (i + 1), event.path("header").path("message_id").asText(),
                        frame.toString());
                assertEquals("0.1", event.path("header").path("mig_version").asText(), frame.toString());
                Instant.parse(event.path("published_at").asText()); // RFC 3339
                assertTrue(event.path("published_at").asText().endsWith("Z"), frame.toString());
            }
        }
    }

    @Test
    void idleSubscribersGetKeepaliveComments() {
        try (SseClient sub = subscribe(gateway, "acme", "idle.topic")) {
            awaitTrue(() -> sub.comments().contains(": keepalive"), "a keepalive comment: " + sub.transcript());
            assertFalse(sub.hasEnded(), sub.transcript());
        }
    }

    // --- 2. replay ---------------------------------------------------------------------------------------------

    @Test
    void resumeCursorReplaysRetainedEventsThenContinuesLiveWithoutGapOrDuplicate() {
        List<JsonNode> acks = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            acks.add(publish(gateway, "acme", "replay.cursor", "{\"n\":" + i + "}"));
        }
        try (SseClient sub = subscribe(gateway, "acme", "replay.cursor?resume_cursor=2")) {
            List<Frame> replayed = sub.take(3, WAIT);
            for (int i = 0; i < 3; i++) {
                long seq = i + 3;
                JsonNode event = replayed.get(i).json();
                assertEquals(String.valueOf(seq), replayed.get(i).id(), replayed.toString());
                assertEquals("mig-event", replayed.get(i).event());
                assertEquals(seq, event.path("sequence").asLong());
                assertTrue(event.path("replay").asBoolean(false), "retained events are replay:true " + event);
                assertEquals(acks.get((int) seq - 1).path("event_id").asText(), event.path("event_id").asText(),
                        "a replayed event is the same event");
                assertEquals(seq, event.path("payload").path("n").asLong());
            }
            publish(gateway, "acme", "replay.cursor", "{\"n\":6}");
            publish(gateway, "acme", "replay.cursor", "{\"n\":7}");
            List<Frame> live = sub.take(2, WAIT);
            assertEquals(List.of("6", "7"), ids(live));
            live.forEach(f -> assertFalse(f.json().path("replay").asBoolean(true), "live events replay:false " + f));
        }
        // a cursor at the head replays nothing: the first frame is the next live event
        try (SseClient sub = subscribe(gateway, "acme", "replay.cursor?resume_cursor=7")) {
            publish(gateway, "acme", "replay.cursor", "{\"n\":8}");
            Frame next = sub.next(WAIT);
            assertEquals("8", next.id(), sub.transcript());
            assertFalse(next.json().path("replay").asBoolean(true), next.toString());
        }
    }

    @Test
    void lastEventIdResumesAfterAReconnectWithExactlyTheMissedEvents() {
        String lastId;
        try (SseClient first = subscribe(gateway, "acme", "replay.reconnect")) {
            for (int i = 1; i <= 3; i++) {
                publish(gateway, "acme", "replay.reconnect", "{\"n\":" + i + "}");
            }
            List<Frame> frames = first.take(3, WAIT);
            assertEquals(List.of("1", "2", "3"), ids(frames));
            lastId = frames.get(2).id();
        }
        publish(gateway, "acme", "replay.reconnect", "{\"n\":4}");
        publish(gateway, "acme", "replay.reconnect", "{\"n\":5}");
        try (SseClient again = subscribe(gateway, "acme", "replay.reconnect", "Last-Event-ID", lastId)) {
            List<Frame> missed = again.take(2, WAIT);
            assertEquals(List.of("4", "5"), ids(missed));
            missed.forEach(f -> assertTrue(f.json().path("replay").asBoolean(false), f.toString()));
            publish(gateway, "acme", "replay.reconnect", "{\"n\":6}");
            Frame live = again.next(WAIT);
            assertEquals("6", live.id(), "no duplicate and no gap after the replay: " + again.transcript());
            assertFalse(live.json().path("replay").asBoolean(true), live.toString());
        }
    }

    // --- 3. the replay/live seam under concurrent publishing --------------------------------------------------

    @Test
    void subscribingFromZeroWhilePublishingConcurrentlyGivesEverySequenceExactlyOnceInOrder() throws Exception {
        String topic = "race.seam";
        EventHub hub = eventHub(gateway);
        AtomicInteger counter = new AtomicInteger();
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        // three publishers over HTTP, and one in-process like the capability completion events (mig-event:), so that
        // appends really run on other threads while the subscription attaches
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        CountDownLatch published150 = new CountDownLatch(1);
        subscribe(gateway, "acme", "race.warmup").close(); // the first stream of a run takes longest to open
        try {
            for (int t = 0; t < 4; t++) {
                boolean inProcess = t == 0;
                running.add(pool.submit(() -> {
                    // stop once the subscriber is attached and 100 more went out, or at 900 (below retain-count)
                    while (hub.lastSequence("acme", topic) < Math.min(900, stopAt.get())) {
                        int n = counter.incrementAndGet();
                        if (inProcess) {
                            ObjectNode header = MigClient.object().put("mig_version", "0.1")
                                    .put("message_id", "in-process-" + n).put("tenant_id", "acme");
                            hub.publish("acme", topic, header, MigClient.object().put("n", n));
                            LockSupport.parkNanos(1_000_000);
                        } else {
                            publish(gateway, "acme", topic, "{\"n\":" + n + "}");
                        }
                        if (hub.lastSequence("acme", topic) >= 150) {
                            published150.countDown();
                        }
                    }
                    return null;
                }));
            }
            assertTrue(published150.await(15, TimeUnit.SECONDS), "150 events published");
            List<Frame> frames;
            long total;
            try (SseClient sub = subscribe(gateway, "acme", topic + "?resume_cursor=0")) {
                long attachedBy = hub.lastSequence("acme", topic);
                stopAt.set(attachedBy + 100);
                for (Future<?> publisher : running) {
                    publisher.get(20, TimeUnit.SECONDS);
                }
                total = hub.lastSequence("acme", topic);
                assertTrue(attachedBy < 900 && total < 1000, "the subscriber attached late: " + attachedBy);
                // a last event marks the end: everything up to it must have come, once, in order
                String last = String.valueOf(publish(gateway, "acme", topic, "{\"n\":0}").path("sequence").asLong());
                frames = sub.takeUntil(f -> last.equals(f.id()), Duration.ofSeconds(20));
                assertEquals(total + 1, frames.size(), "frames up to the last event " + last + ": " + ids(frames));
            }
            int replayed = 0;
            boolean liveSeen = false;
            BitSet payloads = new BitSet();
            for (int i = 0; i < total; i++) {
                Frame frame = frames.get(i);
                JsonNode event = frame.json();
                assertEquals(String.valueOf(i + 1), frame.id(), "frame " + i + " of " + ids(frames));
                assertEquals(i + 1, event.path("sequence").asLong(), frame.toString());
                int n = event.path("payload").path("n").asInt();
                assertFalse(payloads.get(n), "payload " + n + " delivered twice");
                payloads.set(n);
                if (event.path("replay").asBoolean()) {
                    assertFalse(liveSeen, "a replayed event after a live one at " + frame.id());
                    replayed++;
                } else {
                    liveSeen = true;
                }
            }
            assertEquals(total, payloads.cardinality(), "every published event delivered");
            assertTrue(replayed >= 150, "events published before subscribing are replayed: " + replayed);
            assertTrue(total - replayed >= 100, "events after attaching are live: " + (total - replayed));
        } finally {
            stopAt.set(0);
            pool.shutdownNow();
        }
    }

    // --- 4. retention and the gap notice ----------------------------------------------------------------------

    @Test
    void aCursorOlderThanRetentionGetsAGapFrameThenTheRetainedEvents() {
        for (int i = 1; i <= 20; i++) {
            publish(smallRetention, "acme", "gap.topic", "{\"n\":" + i + "}");
        }
        try (SseClient sub = subscribe(smallRetention, "acme", "gap.topic?resume_cursor=2")) {
            Frame gap = sub.next(WAIT);
            assertEquals("mig-gap", gap.event(), "the first frame says events are gone: " + sub.transcript());
            JsonNode gapData = gap.json();
            assertEquals("gap.topic", gapData.path("topic").asText(), gap.toString());
            assertEquals(2, gapData.path("requested_cursor").asLong(), gap.toString());
            assertEquals(16, gapData.path("first_available_sequence").asLong(), gap.toString());
            assertEquals(13, gapData.path("missed").asLong(), gap.toString());
            List<Frame> retained = sub.take(5, WAIT);
            assertEquals(List.of("16", "17", "18", "19", "20"), ids(retained));
            retained.forEach(f -> assertTrue(f.json().path("replay").asBoolean(false), f.toString()));
            publish(smallRetention, "acme", "gap.topic", "{\"n\":21}");
            Frame live = sub.next(WAIT);
            assertEquals("21", live.id());
            assertFalse(live.json().path("replay").asBoolean(true));
        }
        // the cursor just before the window: no gap
        try (SseClient sub = subscribe(smallRetention, "acme", "gap.topic?resume_cursor=16")) {
            assertEquals(List.of("17", "18", "19", "20", "21"), ids(sub.take(5, WAIT)));
        }
        // Last-Event-ID is the same cursor
        try (SseClient sub = subscribe(smallRetention, "acme", "gap.topic", "Last-Event-ID", "0")) {
            Frame gap = sub.next(WAIT);
            assertEquals("mig-gap", gap.event(), sub.transcript());
            assertEquals(17, gap.json().path("first_available_sequence").asLong(), gap.toString());
            assertEquals(16, gap.json().path("missed").asLong(), gap.toString());
            assertEquals(List.of("17", "18", "19", "20", "21"), ids(sub.take(5, WAIT)));
        }
    }

    @Test
    void eventsOlderThanTheRetentionAgeAreGoneAndTheStreamSaysSo() {
        for (int i = 1; i <= 3; i++) {
            publish(shortRetention, "acme", "aged.topic", "{\"n\":" + i + "}");
        }
        // right away the events are replayed; as they get older than 300 ms they go, and a replay from 0 says so
        long deadline = System.nanoTime() + WAIT.toNanos();
        Frame first;
        do {
            try (SseClient sub = subscribe(shortRetention, "acme", "aged.topic?resume_cursor=0")) {
                first = sub.next(WAIT);
                if (!"mig-gap".equals(first.event())) {
                    assertEquals("mig-event", first.event(), first.toString());
                    assertEquals("1", first.id(), "the oldest retained event comes first: " + first);
                    continue;
                }
                JsonNode gap = first.json();
                long firstAvailable = gap.path("first_available_sequence").asLong();
                assertEquals(0, gap.path("requested_cursor").asLong(), first.toString());
                assertTrue(firstAvailable >= 2 && firstAvailable <= 4, first.toString());
                assertEquals(firstAvailable - 1, gap.path("missed").asLong(), first.toString());
                for (long seq = firstAvailable; seq <= 3; seq++) {
                    assertEquals(String.valueOf(seq), sub.next(WAIT).id(), "the rest is replayed " + sub.transcript());
                }
                if (firstAvailable == 4) {
                    publish(shortRetention, "acme", "aged.topic", "{\"n\":4}");
                    Frame live = sub.next(WAIT);
                    assertEquals("4", live.id(), sub.transcript());
                    assertFalse(live.json().path("replay").asBoolean(true));
                    return;
                }
            }
        } while (System.nanoTime() < deadline);
        fail("events never expired by age; the first frame is still " + first);
    }

    // --- 5. tenant isolation -----------------------------------------------------------------------------------

    @Test
    void tenantsHaveSeparateSequencesSubscribersAndReplay() {
        String topic = "shared.news";
        try (SseClient acme = subscribe(gateway, "acme", topic);
             SseClient globex = subscribe(gateway, "globex", topic)) {
            assertEquals(1, publish(gateway, "acme", topic, "{\"who\":\"acme-1\"}").path("sequence").asLong());
            assertEquals(1, publish(gateway, "globex", topic, "{\"who\":\"globex-1\"}").path("sequence").asLong());
            assertEquals(2, publish(gateway, "acme", topic, "{\"who\":\"acme-2\"}").path("sequence").asLong());
            assertEquals(2, publish(gateway, "globex", topic, "{\"who\":\"globex-2\"}").path("sequence").asLong());

            assertEquals(List.of("acme-1", "acme-2"), who(acme.take(2, WAIT), "acme"));
            assertEquals(List.of("globex-1", "globex-2"), who(globex.take(2, WAIT), "globex"));
            // nothing of the other tenant is queued behind: the next frame is each tenant's own next event
            publish(gateway, "globex", topic, "{\"who\":\"globex-3\"}");
            publish(gateway, "acme", topic, "{\"who\":\"acme-3\"}");
            assertEquals(List.of("acme-3"), who(List.of(acme.next(WAIT)), "acme"));
            assertEquals(List.of("globex-3"), who(List.of(globex.next(WAIT)), "globex"));
        }
        // replay is per tenant too
        try (SseClient acme = subscribe(gateway, "acme", topic + "?resume_cursor=0");
             SseClient globex = subscribe(gateway, "globex", topic, "Last-Event-ID", "1")) {
            assertEquals(List.of("acme-1", "acme-2", "acme-3"), who(acme.take(3, WAIT), "acme"));
            assertEquals(List.of("globex-2", "globex-3"), who(globex.take(2, WAIT), "globex"));
            publish(gateway, "acme", topic, "{\"who\":\"acme-4\"}");
            publish(gateway, "globex", topic, "{\"who\":\"globex-4\"}");
            assertEquals(List.of("acme-4"), who(List.of(acme.next(WAIT)), "acme"));
            assertEquals(List.of("globex-4"), who(List.of(globex.next(WAIT)), "globex"));
        }
        // a caller cannot publish into another tenant's stream
        Reply spoofed = gateway.client().post("/mig/v0.1/publish/" + topic,
                "{\"header\":{\"tenant_id\":\"globex\"},\"payload\":{\"who\":\"intruder\"}}", TENANT, "acme");
        assertErrorEnvelope(spoofed, 403, "MIG_FORBIDDEN");
        assertEquals(4, eventHub(gateway).lastSequence("globex", topic));
        assertEquals(4, eventHub(gateway).lastSequence("acme", topic));
    }

    // --- 6. connections registry and abrupt disconnects -------------------------------------------------------

    @Test
    void subscribersAreListedAsConnectionsAndVanishWhenTheClientDropsAbruptly() {
        SseClient sub = subscribe(gateway, "acme", "conn.watch?resume_cursor=7");
        String remote = "127.0.0.1:" + sub.localPort();
        try {
            JsonNode entry = awaitConnection(gateway, "/admin/v0.1/connections?tenant_id=acme&kind=sse_subscribe",
                    remote);
            assertEquals("http", entry.path("protocol").asText(), entry.toString());
            assertEquals("sse_subscribe", entry.path("kind").asText(), entry.toString());
            assertEquals("acme", entry.path("tenant_id").asText(), entry.toString());
            assertEquals("anonymous", entry.path("actor").asText(), entry.toString());
            assertEquals("conn.watch", entry.path("meta").path("topic").asText(), entry.toString());
            assertEquals("7", entry.path("meta").path("resume_cursor").asText(), entry.toString());
            assertTrue(entry.path("id").asText().startsWith("conn-"), entry.toString());
            Instant.parse(entry.path("started_at").asText());
            Reply http = gateway.client().get("/admin/v0.1/connections?protocol=http&kind=sse_subscribe");
            assertNotNull(find(http.body(), remote), http.rawBody());
            Reply otherTenant = gateway.client().get("/admin/v0.1/connections?tenant_id=globex");
            assertNull(find(otherTenant.body(), remote), "listed under another tenant: " + otherTenant.rawBody());
            Reply otherKind = gateway.client().get("/admin/v0.1/connections?kind=ws_stream");
            assertNull(find(otherKind.body(), remote), otherKind.rawBody());
        } finally {
            sub.abort(); // RST, no goodbye
        }
        awaitGone(gateway, remote);

        // a plain close (FIN) and no cursor: resume_cursor is listed empty, and the entry goes too
        SseClient plain = subscribe(gateway, "acme", "conn.watch");
        String plainRemote = "127.0.0.1:" + plain.localPort();
        JsonNode entry = awaitConnection(gateway, "/admin/v0.1/connections?tenant_id=acme", plainRemote);
        assertEquals("", entry.path("meta").path("resume_cursor").asText(), entry.toString());
        plain.close();
        awaitGone(gateway, plainRemote);

        // the hub let go of them too (every other test closes its subscribers): nothing piles up for them
        awaitTrue(() -> eventHub(gateway).subscriberCount() == 0,
                "no subscription left in the hub: " + eventHub(gateway).subscriberCount());
    }

    // --- 8. the seed guide's curl example, as written ---------------------------------------------------------

    @Test
    void seedGuidePublishAndSubscribeExampleRunsAsWritten() throws Exception {
        Map<String, String> examples = seedExamples();
        String subscriber = examples.get("subscriber").replace(GUIDE_BASE, gateway.base().toString());
        String publisher = examples.get("publisher").replace(GUIDE_BASE, gateway.base().toString());
        assertTrue(subscriber.startsWith("curl -N ") && !subscriber.contains("localhost:8080"), subscriber);
        assertTrue(publisher.startsWith("curl -sS -X POST ") && !publisher.contains("localhost:8080"), publisher);

        Path out = Files.createTempFile("migd-curl-sse", ".out");
        Path err = Files.createTempFile("migd-curl-sse", ".err");
        Process curlN = new ProcessBuilder("timeout", "25", "bash", "-c", subscriber)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            curlN.getOutputStream().close();
            awaitTrue(() -> read(out).contains(": subscribed to observatory.inference.completed") || !curlN.isAlive(),
                    "curl -N subscribed");
            assertTrue(curlN.isAlive(), "curl -N ended: " + read(out) + read(err));

            Process post = new ProcessBuilder("timeout", "20", "bash", "-c", publisher).start();
            post.getOutputStream().close();
            String ackText;
            String ackErr;
            try (InputStream stdout = post.getInputStream(); InputStream stderr = post.getErrorStream()) {
                ackText = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                ackErr = new String(stderr.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertTrue(post.waitFor(20, TimeUnit.SECONDS), "publisher curl did not finish");
            assertEquals(0, post.exitValue(), ackText + ackErr);
            JsonNode ack = MigClient.JSON.readTree(ackText);
            assertTrue(ack.path("accepted").asBoolean(false), ackText);
            assertEquals("observatory.inference.completed", ack.path("topic").asText(), ackText);
            long sequence = ack.path("sequence").asLong();
            assertTrue(sequence >= 1, ackText);

            JsonNode expected = MigClient.JSON.readTree("{\"status\":\"ok\"}");
            awaitTrue(() -> SseClient.parse(read(out)).stream().anyMatch(f -> "mig-event".equals(f.event())
                            && String.valueOf(sequence).equals(f.id()) && expected.equals(f.json().path("payload"))),
                    "curl -N printed the event: " + out);
            Frame frame = SseClient.parse(read(out)).stream().filter(f -> String.valueOf(sequence).equals(f.id()))
                    .findFirst().orElseThrow();
            assertEquals("acme", frame.json().path("header").path("tenant_id").asText(), frame.toString());
            assertFalse(frame.json().path("replay").asBoolean(true), frame.toString());
            assertTrue(curlN.isAlive(), "the stream stays open: " + read(out) + read(err));
        } finally {
            curlN.descendants().forEach(ProcessHandle::destroy);
            curlN.destroy();
            curlN.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // --- 9. capability completion events ----------------------------------------------------------------------

    @Test
    void invokingTheDemoCapabilityPublishesItsCompletionEvent() {
        String topic = "observatory.inference.completed";
        try (SseClient acme = subscribe(gateway, "acme", topic);
             SseClient globex = subscribe(gateway, "globex", topic)) {
            Reply invoke = gateway.client().post("/mig/v0.1/invoke/observatory.models.infer",
                    "{\"header\":{\"tenant_id\":\"acme\",\"message_id\":\"m-1\"},\"payload\":{\"input\":\"hi\"}}",
                    TENANT, "acme");
            assertEquals(200, invoke.status(), invoke.rawBody());

            List<Frame> frames = acme.takeUntil(f -> "mig-event".equals(f.event())
                    && "m-1".equals(f.json().path("payload").path("message_id").asText()), WAIT);
            Frame done = frames.get(frames.size() - 1);
            JsonNode event = done.json();
            assertEquals(MigClient.JSON.createObjectNode().put("status", "ok").put("message_id", "m-1")
                    .put("capability", "observatory.models.infer"), event.path("payload"), done.toString());
            assertEquals(topic, event.path("topic").asText());
            assertEquals("acme", event.path("header").path("tenant_id").asText(), done.toString());
            assertEquals(done.id(), event.path("sequence").asText());
            assertFalse(event.path("replay").asBoolean(true));
            assertEquals(eventHub(gateway).lastSequence("acme", topic), done.sequence());

            // globex saw nothing of acme's invocation: its next frame is its own
            long globexSeq = publish(gateway, "globex", topic, "{\"status\":\"globex-own\"}").path("sequence").asLong();
            Frame next = globex.next(WAIT);
            assertEquals(String.valueOf(globexSeq), next.id(), globex.transcript());
            assertEquals("globex-own", next.json().path("payload").path("status").asText());
        }
    }

    // --- 10. bad input -----------------------------------------------------------------------------------------

    @Test
    void badCursorsTopicsAndMissingTenantAreInvalidRequests() {
        for (String cursor : List.of("-1", "abc", "1.5", "9999999999999999999999")) {
            assertSubscribeError(gateway, "/mig/v0.1/subscribe/bad.cursor?resume_cursor=" + cursor, 400,
                    "MIG_INVALID_REQUEST", TENANT, "acme");
        }
        assertSubscribeError(gateway, "/mig/v0.1/subscribe/bad.cursor", 400, "MIG_INVALID_REQUEST",
                TENANT, "acme", "Last-Event-ID", "abc");
        assertSubscribeError(gateway, "/mig/v0.1/subscribe/nodots", 400, "MIG_INVALID_REQUEST", TENANT, "acme");
        assertSubscribeError(gateway, "/mig/v0.1/subscribe/bad.cursor", 400, "MIG_INVALID_REQUEST");

        assertErrorEnvelope(gateway.client().post("/mig/v0.1/publish/nodots",
                "{\"header\":{\"tenant_id\":\"acme\"},\"payload\":{}}", TENANT, "acme"), 400, "MIG_INVALID_REQUEST");
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/publish/bad.cursor",
                "{\"header\":{},\"payload\":{}}"), 400, "MIG_INVALID_REQUEST");
        assertEquals(0, eventHub(gateway).lastSequence("acme", "nodots"));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    static SseClient subscribe(Gateway gw, String tenant, String topicAndQuery, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = TENANT;
        all[1] = tenant;
        System.arraycopy(headers, 0, all, 2, headers.length);
        SseClient client = SseClient.open(gw.port(), "/mig/v0.1/subscribe/" + topicAndQuery, all);
        if (client.status() != 200) {
            client.close();
            fail("subscribe " + topicAndQuery + " -> " + client.status() + " " + client.body());
        }
        return client;
    }

    static Reply publishReply(Gateway gw, String tenant, String topic, String messageId, String payloadJson) {
        String header = "{\"tenant_id\":\"" + tenant + "\"" + (messageId == null ? "" : ",\"message_id\":\""
                + messageId + "\"") + "}";
        return gw.client().post("/mig/v0.1/publish/" + topic, "{\"header\":" + header + ",\"payload\":"
                + payloadJson + "}", TENANT, tenant);
    }

    /** Publishes and returns the ack (asserting 200). */
    static JsonNode publish(Gateway gw, String tenant, String topic, String payloadJson) {
        Reply reply = publishReply(gw, tenant, topic, null, payloadJson);
        if (reply.status() != 200 || reply.body() == null) {
            throw new AssertionError("publish " + tenant + "/" + topic + " -> " + reply.status() + " "
                    + reply.rawBody());
        }
        return reply.body();
    }

    static EventHub eventHub(Gateway gw) {
        return gw.camelContext().getRegistry().lookupByNameAndType("eventHub", EventHub.class);
    }

    static List<String> ids(List<Frame> frames) {
        return frames.stream().map(Frame::id).toList();
    }

    private static List<String> who(List<Frame> frames, String tenant) {
        List<String> who = new ArrayList<>();
        for (Frame frame : frames) {
            assertEquals(tenant, frame.json().path("header").path("tenant_id").asText(), frame.toString());
            who.add(frame.json().path("payload").path("who").asText());
        }
        return who;
    }

    static JsonNode find(JsonNode listing, String remoteAddr) {
        for (JsonNode c : listing.path("connections")) {
            if (remoteAddr.equals(c.path("remote_addr").asText())) {
                return c;
            }
        }
        return null;
    }

    static JsonNode awaitConnection(Gateway gw, String query, String remoteAddr) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Reply last;
        do {
            last = gw.client().get(query);
            assertEquals(200, last.status(), last.rawBody());
            JsonNode entry = find(last.body(), remoteAddr);
            if (entry != null) {
                return entry;
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new AssertionError(remoteAddr + " never listed by " + query + ": " + last.rawBody());
    }

    static void awaitGone(Gateway gw, String remoteAddr) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Reply last;
        do {
            last = gw.client().get("/admin/v0.1/connections");
            if (find(last.body(), remoteAddr) == null) {
                return;
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new AssertionError(remoteAddr + " still listed after the client left: " + last.rawBody());
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertErrorEnvelope(Reply reply, int status, String code) {
        EnvelopeAndErrorsIT.assertErrorEnvelope(reply, status, code);
    }

    /** A subscribe refused before any stream: a JSON MIG error envelope, not an event stream. */
    static void assertSubscribeError(Gateway gw, String path, int status, String code, String... headers) {
        try (SseClient client = SseClient.open(gw.port(), path, headers)) {
            String what = "GET " + path + " -> " + client.status() + " " + client.body() + client.transcript();
            assertEquals(status, client.status(), what);
            assertTrue(client.header("Content-Type").startsWith("application/json"), what);
            awaitTrue(client::hasEnded, "the error body of " + path);
            JsonNode body;
            try {
                body = MigClient.JSON.readTree(client.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + what, e);
            }
            assertEquals(code, body.path("error").path("code").asText(), what);
            assertTrue(body.path("error").path("message").isTextual(), what);
            assertTrue(body.path("error").path("retryable").isBoolean(), what);
            assertTrue(body.path("error").path("details").isObject(), what);
            assertEquals("0.1", body.path("header").path("mig_version").asText(), what);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The §7.5 blocks of src/test/resources/seed-curl-events-examples.sh, by name. */
    private static Map<String, String> seedExamples() throws IOException {
        String text;
        try (InputStream in = EventsIT.class.getResourceAsStream("/seed-curl-events-examples.sh")) {
            assertNotNull(in, "seed-curl-events-examples.sh is missing");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> examples = new LinkedHashMap<>();
        String name = null;
        StringBuilder block = new StringBuilder();
        for (String line : (text + "\n#@example end:").split("\n", -1)) {
            if (line.startsWith("#@example ")) {
                if (name != null) {
                    examples.put(name, block.toString().strip());
                }
                name = line.substring("#@example ".length(), line.indexOf(':')).trim();
                block.setLength(0);
            } else if (name != null) {
                block.append(line).append('\n');
            }
        }
        assertEquals(List.of("subscriber", "publisher"), new ArrayList<>(examples.keySet()));
        return examples;
    }
}
