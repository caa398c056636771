package io.migd.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a timeout passes (for state that changes outside the test's control). */
public final class Await {

    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> describe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + describe.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }

    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> description) {
        until(timeout, condition, description);
    }
}
