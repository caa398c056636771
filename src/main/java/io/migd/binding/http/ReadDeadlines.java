package io.migd.binding.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slow-loris guard: a connection whose request is not completely read within the read timeout is closed.
 *
 * <p>A timer per request (set, then cancelled by an end handler) cost several microseconds on every call, and an SSE
 * subscription held its timer until the timeout. Instead each event loop keeps the requests it is still reading in
 * arrival order: finished requests leave from the head as new ones come, a sweep a few times per timeout drops the
 * finished ones behind a slow one, and a request past its deadline loses its connection.
 */
public final class ReadDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFallbackHandlers.class);
    private static final long MAX_SWEEP_MILLIS = 200;

    private final long timeoutMillis;
    private final long timeoutNanos;
    private final long sweepMillis;
    // an event loop only ever touches its own queue, on its own thread
    private final ThreadLocal<LoopQueue> queues = new ThreadLocal<>();

    public ReadDeadlines(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.sweepMillis = Math.max(10, Math.min(MAX_SWEEP_MILLIS, timeoutMillis / 4));
    }

    /** A router handler: watches the request until it has been read, then passes it on. */
    public void watch(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            LoopQueue queue = queues.get();
            if (queue == null) {
                queue = new LoopQueue();
                queues.set(queue);
                LoopQueue started = queue;
                ctx.vertx().setPeriodic(sweepMillis, id -> started.sweep());
            }
            queue.add(request, System.nanoTime() + timeoutNanos);
        }
        ctx.next();
    }

    private record Watched(HttpServerRequest request, long deadlineNanos) {
    }

    private final class LoopQueue {
        private final ArrayDeque<Watched> pending = new ArrayDeque<>();

        void add(HttpServerRequest request, long deadlineNanos) {
            // requests are read in the order they came: the ones at the head are usually done by now, and a done
            // request held until the next sweep would survive young collections under load
            Watched head;
            while ((head = pending.peekFirst()) != null && isOver(head.request())) {
                pending.pollFirst();
            }
            pending.addLast(new Watched(request, deadlineNanos));
        }

        private static boolean isOver(HttpServerRequest request) {
            return request.isEnded() || request.response().closed();
        }

        void sweep() {
            long now = System.nanoTime();
            // survivors go back to the tail in the same order: one pass, no removal from the middle
            for (int n = pending.size(); n > 0; n--) {
                Watched watched = pending.pollFirst();
                HttpServerRequest request = watched.request();
                if (isOver(request)) {
                    continue;
                }
                if (now - watched.deadlineNanos() >= 0) {
                    LOG.info("closing a connection from {} that sent no complete request in {} ms",
                            request.remoteAddress(), timeoutMillis);
                    request.connection().close();
                } else {
                    pending.addLast(watched);
                }
            }
        }
    }
}
