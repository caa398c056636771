package io.migd.invoke;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRegistryTest {

    @Test
    void cancelReachesOnlyTheSameTenant() {
        InFlightRegistry registry = new InFlightRegistry(10, 60_000);
        AtomicReference<MigException> seen = new AtomicReference<>();
        InFlight flight = registry.begin("acme", "m1", seen::set);
        assertEquals(InFlightRegistry.CancelStatus.NOT_FOUND, registry.cancel("globex", "m1", "x"));
        assertEquals(null, seen.get());
        assertEquals(InFlightRegistry.CancelStatus.CANCELLED, registry.cancel("acme", "m1", "stop"));
        assertEquals(MigErrorCode.MIG_TIMEOUT, seen.get().code());
        assertEquals(true, seen.get().details().get("cancelled"));
        assertEquals("stop", seen.get().details().get("reason"));
        registry.end(flight);
        assertEquals(0, registry.size());
    }

    @Test
    void capacityBoundsAdmissionAndLoadFactor() {
        InFlightRegistry registry = new InFlightRegistry(2, 60_000);
        InFlight a = registry.begin("t", "a", e -> { });
        assertEquals(0.5, registry.loadFactor());
        registry.begin("t", "b", e -> { });
        MigException full = assertThrows(MigException.class, () -> registry.begin("t", "c", e -> { }));
        assertEquals(MigErrorCode.MIG_BACKPRESSURE, full.code());
        registry.end(a);
        registry.begin("t", "c", e -> { });
        assertEquals(1.0, registry.loadFactor());
    }

    @Test
    void duplicateMessageIdInFlightIsRefused() {
        InFlightRegistry registry = new InFlightRegistry(10, 60_000);
        registry.begin("t", "dup", e -> { });
        MigException dup = assertThrows(MigException.class, () -> registry.begin("t", "dup", e -> { }));
        assertEquals(MigException.Refinement.CONFLICT, dup.refinement());
        assertEquals(1, registry.size());
        registry.begin("other", "dup", e -> { });
    }

    @Test
    void tombstoneRefusesALaterInvocationForAWhile() throws Exception {
        InFlightRegistry registry = new InFlightRegistry(10, 50);
        registry.cancel("t", "early", "r");
        MigException refused = assertThrows(MigException.class, () -> registry.begin("t", "early", e -> { }));
        assertEquals(MigErrorCode.MIG_TIMEOUT, refused.code());
        registry.begin("u", "early", e -> { });
        long until = System.nanoTime() + 2_000_000_000L;
        boolean admitted = false;
        while (!admitted && System.nanoTime() < until) {
            try {
                registry.begin("t", "early", e -> { });
                admitted = true;
            } catch (MigException stillRemembered) {
                Thread.onSpinWait();
            }
        }
        assertTrue(admitted, "the tombstone expires");
    }
}
