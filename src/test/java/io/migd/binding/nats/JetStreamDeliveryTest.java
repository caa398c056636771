package io.migd.binding.nats;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JetStreamDeliveryTest {

    @Test
    void readsStreamSequenceAndDeliveriesFromTheAckSubject() {
        assertEquals(new JetStreamDelivery.Delivery(42, 3),
                JetStreamDelivery.parse("$JS.ACK.MIG_EVENTS.migd-events-migd.3.42.40.1700000000000000000.0"));
        // the newer form with domain and account hash
        assertEquals(new JetStreamDelivery.Delivery(7, 1),
                JetStreamDelivery.parse("$JS.ACK.hub.ACCHASH.MIG_EVENTS.c.1.7.7.1700000000000000000.0.rand"));
    }

    @Test
    void anythingElseIsAFirstDeliveryOfUnknownPosition() {
        assertEquals(new JetStreamDelivery.Delivery(0, 1), JetStreamDelivery.parse(null));
        assertEquals(new JetStreamDelivery.Delivery(0, 1), JetStreamDelivery.parse("_INBOX.abc"));
        assertEquals(new JetStreamDelivery.Delivery(0, 1), JetStreamDelivery.parse("$JS.ACK.a.b.x.y.z.t.p"));
    }
}
