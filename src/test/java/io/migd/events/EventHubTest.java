package io.migd.events;

import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventHubTest {

    private static EventHub hub(int maxStreams, int perTenant) {
        return new EventHub(100, 60_000, maxStreams, perTenant, 16, OverflowPolicy.DISCONNECT);
    }

    @Test
    void subscribingLeavesNothingBehindOnceClosed() {
        EventHub hub = hub(2, 2);
        for (int i = 0; i < 50; i++) {
            hub.subscribe("spammer", "probe.t" + i, null).close();
        }
        assertEquals(1, hub.publish("acme", "orders.created", Json.object(), Json.object()).sequence());
    }

    @Test
    void aTenantCannotTakeEveryoneElsesStreams() {
        EventHub hub = hub(10, 2);
        hub.publish("greedy", "a.one", Json.object(), Json.object());
        hub.publish("greedy", "a.two", Json.object(), Json.object());
        MigException limited = assertThrows(MigException.class,
                () -> hub.publish("greedy", "a.three", Json.object(), Json.object()));
        assertEquals(MigErrorCode.MIG_RATE_LIMITED, limited.code());
        assertEquals(1, hub.publish("modest", "a.one", Json.object(), Json.object()).sequence());
    }

    @Test
    void streamsThatHadEventsKeepTheirSequence() {
        EventHub hub = hub(10, 10);
        hub.publish("acme", "t.x", Json.object(), Json.object());
        hub.subscribe("acme", "t.x", null).close();
        assertEquals(2, hub.publish("acme", "t.x", Json.object(), Json.object()).sequence());
    }
}
