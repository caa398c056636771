package io.migd.binding.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.migd.binding.nats.EventIngestLedger.Side.CORE;
import static io.migd.binding.nats.EventIngestLedger.Side.JETSTREAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventIngestLedgerTest {

    private static final String KEY = EventIngestLedger.key("mig.v0_1.acme.events.a.b",
            "{\"payload\":{}}".getBytes(StandardCharsets.UTF_8));

    @Test
    void whicheverSideComesFirstTakesTheMessageAndTheOtherGetsItsOutcome() throws Exception {
        EventIngestLedger ledger = new EventIngestLedger(60_000, 100);
        EventIngestLedger.Claim first = ledger.claim(KEY, JETSTREAM);
        assertTrue(first.mine());
        EventIngestLedger.Claim second = ledger.claim(KEY, CORE);
        assertTrue(second.twin());
        ObjectNode ack = Json.object().put("sequence", 1);
        first.complete(new EventIngestLedger.Outcome(ack, null));
        assertSame(ack, second.outcome().get().envelope());
        assertEquals(0, ledger.openClaims());
    }

    @Test
    void identicalMessagesPairUpInOrderAndOneSideNeverMatchesItself() {
        EventIngestLedger ledger = new EventIngestLedger(60_000, 100);
        EventIngestLedger.Claim a = ledger.claim(KEY, CORE);
        EventIngestLedger.Claim b = ledger.claim(KEY, CORE);
        assertTrue(a.mine());
        assertTrue(b.mine(), "two copies from the same side are two messages");
        EventIngestLedger.Claim twinOfA = ledger.claim(KEY, JETSTREAM);
        EventIngestLedger.Claim twinOfB = ledger.claim(KEY, JETSTREAM);
        assertSame(a.outcome(), twinOfA.outcome());
        assertSame(b.outcome(), twinOfB.outcome());
        assertTrue(ledger.claim(KEY, JETSTREAM).mine(), "a third copy is a new message");
    }

    @Test
    void unmatchedClaimsExpireAndAreBounded() {
        EventIngestLedger expired = new EventIngestLedger(0, 100);
        expired.claim(KEY, JETSTREAM);
        assertTrue(expired.claim(KEY, CORE).mine(), "the old claim expired");
        EventIngestLedger bounded = new EventIngestLedger(60_000, 3);
        for (int i = 0; i < 10; i++) {
            bounded.claim("k" + i, JETSTREAM);
        }
        assertTrue(bounded.openClaims() <= 4, "bounded: " + bounded.openClaims());
    }

    @Test
    void remembersIngestedStreamSequences() {
        EventIngestLedger ledger = new EventIngestLedger(60_000, 2);
        assertTrue(ledger.firstDelivery(1));
        assertFalse(ledger.firstDelivery(1));
        assertTrue(ledger.firstDelivery(2));
        assertTrue(ledger.firstDelivery(3));
        assertTrue(ledger.firstDelivery(1), "only the last few are remembered");
    }
}
