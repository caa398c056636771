package io.migd.invoke;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * For route steps that must not delay the caller but are too small for a thread of their own (a {@code wireTap}
 * publishing a completion event): the task runs on the caller's event loop once the current task — answering the
 * call — is done; on a thread that marks its tasks ({@link AfterCurrentTask}: a NATS dispatcher), on that thread once
 * the message is answered; from any other thread, on one of Vert.x's event loops. No thread hand-off, no pool. Tasks
 * must not block.
 */
public final class EventLoopLaterExecutor extends AbstractExecutorService {

    private final Vertx vertx;

    public EventLoopLaterExecutor(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void execute(Runnable task) {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            current.runOnContext(v -> task.run());
        } else if (!AfterCurrentTask.defer(task)) {
            vertx.runOnContext(v -> task.run());
        }
    }

    /** Lives as long as Vert.x does; Camel's shutdown of a wireTap's pool does not apply to event loops. */
    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
