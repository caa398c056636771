package io.migd.events;

import io.migd.envelope.Json;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventHubRestoreTest {

    private static EventHub hub() {
        return new EventHub(100, 3_600_000, 100, 100, 100, OverflowPolicy.DISCONNECT);
    }

    @Test
    void restoredEventsAreReplayedAndNumberingContinues() {
        EventHub hub = hub();
        List<TopicEvent> told = new ArrayList<>();
        hub.onPublish(told::add);
        for (long seq = 1; seq <= 3; seq++) {
            assertTrue(hub.restore("acme", "a.b", "e" + seq, seq, Json.object(), Json.object().put("n", seq),
                    Instant.now().minusSeconds(10)));
        }
        assertTrue(told.isEmpty(), "restored events are not published again");
        assertEquals(3, hub.lastSequence("acme", "a.b"));
        Subscription replay = hub.subscribe("acme", "a.b", 1L);
        assertEquals(2, replay.poll().event().sequence());
        assertEquals(3, replay.poll().event().sequence());
        assertEquals(4, hub.publish("acme", "a.b", Json.object(), Json.object()).sequence());
        assertEquals(1, told.size());
    }

    @Test
    void aLiveTopicKeepsItsNumberingAndOldOrExpiredEventsAreNotRestored() {
        EventHub hub = hub();
        hub.publish("acme", "live.topic", Json.object(), Json.object());
        assertFalse(hub.restore("acme", "live.topic", "old", 7, Json.object(), Json.object(), Instant.now()));
        assertEquals(1, hub.lastSequence("acme", "live.topic"));
        assertTrue(hub.restore("acme", "x.y", "e2", 2, Json.object(), Json.object(), Instant.now()));
        assertFalse(hub.restore("acme", "x.y", "e1", 1, Json.object(), Json.object(), Instant.now()));
        assertFalse(hub.restore("acme", "x.z", "e1", 1, Json.object(), Json.object(),
                Instant.now().minus(Duration.ofHours(2))), "older than the retention window");
    }

    @Test
    void listenersSeeOneTopicsEventsInSequenceOrder() throws Exception {
        EventHub hub = hub();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        hub.onPublish(e -> seen.add(e.sequence()));
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    hub.publish("acme", "order.topic", Json.object(), Json.object());
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i + 1, seen.get(i));
        }
    }
}
