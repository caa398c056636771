package io.migd.invoke;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * "Right after the current task" for threads that are not Vert.x event loops but process one unit of work at a time
 * (a NATS dispatcher thread handling one message): the thread marks the unit with {@link #run(Runnable)}, and
 * {@link EventLoopLaterExecutor} queues {@code afterAnswer} work (a completion event) to run on the same thread once
 * the unit is done — after the answer went out, without waking another thread for it.
 */
public final class AfterCurrentTask {

    private static final Logger LOG = LoggerFactory.getLogger(AfterCurrentTask.class);
    /** Non-null only while the thread is inside {@link #run(Runnable)}. */
    private static final ThreadLocal<ArrayDeque<Runnable>> PENDING = new ThreadLocal<>();

    private AfterCurrentTask() {
    }

    /** Runs {@code unit}, then whatever was {@linkplain #defer deferred} during it, in order. */
    public static void run(Runnable unit) {
        if (PENDING.get() != null) {
            // nested: the outer unit runs the deferred work
            unit.run();
            return;
        }
        ArrayDeque<Runnable> pending = new ArrayDeque<>(2);
        PENDING.set(pending);
        try {
            unit.run();
        } finally {
            try {
                for (Runnable task = pending.poll(); task != null; task = pending.poll()) {
                    runQuietly(task);
                }
            } finally {
                PENDING.remove();
            }
        }
    }

    /** @return false when the current thread is not inside {@link #run(Runnable)} (the caller must run it elsewhere) */
    public static boolean defer(Runnable task) {
        ArrayDeque<Runnable> pending = PENDING.get();
        if (pending == null) {
            return false;
        }
        pending.add(task);
        return true;
    }

    /** Deferred work must not take the unit's thread down with it (it would stop taking messages). */
    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("work deferred after a task failed: {}", e.toString());
        }
    }
}
