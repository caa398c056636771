package io.migd.invoke;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AfterCurrentTaskTest {

    @Test
    void deferredWorkRunsAfterTheUnitInOrder() {
        List<String> seen = new ArrayList<>();
        AfterCurrentTask.run(() -> {
            AfterCurrentTask.defer(() -> seen.add("event 1"));
            AfterCurrentTask.defer(() -> seen.add("event 2"));
            seen.add("answer");
        });
        assertEquals(List.of("answer", "event 1", "event 2"), seen);
    }

    @Test
    void outsideAUnitNothingIsDeferred() {
        assertFalse(AfterCurrentTask.defer(() -> { }));
    }

    @Test
    void aNestedUnitLeavesTheDeferredWorkToTheOuterOne() {
        List<String> seen = new ArrayList<>();
        AfterCurrentTask.run(() -> {
            AfterCurrentTask.run(() -> AfterCurrentTask.defer(() -> seen.add("event")));
            seen.add("outer answer");
        });
        assertEquals(List.of("outer answer", "event"), seen);
    }

    @Test
    void aFailingUnitStillRunsItsDeferredWorkAndAFailingTaskDoesNotStopTheOthers() {
        List<String> seen = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> AfterCurrentTask.run(() -> {
            AfterCurrentTask.defer(() -> {
                throw new IllegalArgumentException("bad event");
            });
            AfterCurrentTask.defer(() -> seen.add("event"));
            throw new IllegalStateException("failed");
        }));
        assertEquals(List.of("event"), seen);
        assertFalse(AfterCurrentTask.defer(() -> { }), "the unit is over");
    }
}
