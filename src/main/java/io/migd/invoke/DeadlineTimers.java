package io.migd.invoke;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers behind invocation deadlines. A call running on a Vert.x event loop (HTTP, WebSocket, non-blocking
 * capabilities) sets and cancels its timer on that loop's own scheduler, which no other thread touches; any other
 * thread (NATS, gRPC, capability workers) uses the shared scheduler. With the shared scheduler alone, every
 * invocation took its lock twice from the event loops, and a flight recording showed them queueing on it.
 */
public final class DeadlineTimers {

    private final ScheduledExecutorService shared;

    public DeadlineTimers(ScheduledExecutorService shared) {
        this.shared = shared;
    }

    /** Runs {@code task} after {@code delayMillis} unless the returned future is cancelled first. */
    public ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
        if (Context.isOnEventLoopThread() && Vertx.currentContext() instanceof ContextInternal context) {
            return context.nettyEventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
        return shared.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }
}
