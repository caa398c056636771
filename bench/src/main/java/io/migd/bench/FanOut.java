package io.migd.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;

/**
 * SSE fan-out: opens N subscriptions with a non-blocking Vert.x client (one connection each), then publishes events
 * one at a time and measures, per publish, the time from sending the PUBLISH to the last subscriber receiving it.
 * Every wait is bounded; nothing here retries.
 */
final class FanOut {

    /** concurrent connection attempts while subscribing (keeps the server's accept backlog from overflowing) */
    private static final int CONNECT_CONCURRENCY = 256;
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    record Result(int subscribers, double subscribeSeconds, List<Double> lastDeliveryMs, double meanDeliveryMs,
                  double rssMiB, long missingDeliveries, int brokenStreams, String problem) {
    }

    private final Vertx vertx;

    FanOut(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * @param warmup publishes sent first and not measured
     * @param rss    reads the server's RSS while all subscribers are connected
     */
    Result run(int port, String topic, int subscribers, int warmup, int publishes, long perPublishTimeoutMs,
               long subscribeTimeoutMs, DoubleSupplier rss) throws InterruptedException {
        int total = warmup + publishes;
        Tracker tracker = new Tracker(total);
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true)
                        .setIdleTimeout(0).setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(subscribers + 1).setMaxWaitQueueSize(-1));
        HttpClient publisher = vertx.createHttpClient(
                new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(1));
        List<Subscriber> subs = new ArrayList<>(subscribers);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger broken = new AtomicInteger();
        try {
            // 1. subscribe everyone (bounded concurrency, bounded time)
            long t0 = System.nanoTime();
            long subscribeDeadline = t0 + TimeUnit.MILLISECONDS.toNanos(subscribeTimeoutMs);
            Semaphore permits = new Semaphore(CONNECT_CONCURRENCY);
            CountDownLatch answered = new CountDownLatch(subscribers);
            AtomicInteger connected = new AtomicInteger();
            RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET)
                    .setURI("/mig/v0.1/subscribe/" + topic)
                    .addHeader("X-Tenant-ID", "bench").addHeader("Accept", "text/event-stream");
            for (int i = 0; i < subscribers; i++) {
                long left = subscribeDeadline - System.nanoTime();
                if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    errors.add("subscribing " + subscribers + " took longer than " + subscribeTimeoutMs + " ms");
                    break;
                }
                Subscriber sub = new Subscriber(tracker, broken);
                subs.add(sub);
                client.request(get).compose(req -> req.send()).onComplete(ar -> {
                    try {
                        if (ar.succeeded() && ar.result().statusCode() == 200) {
                            HttpClientResponse response = ar.result();
                            response.handler(sub::onData);
                            response.exceptionHandler(e -> sub.broken());
                            response.endHandler(v -> sub.broken());
                            connected.incrementAndGet();
                        } else {
                            errors.add(ar.succeeded() ? "subscribe answered " + ar.result().statusCode()
                                    : "subscribe failed: " + ar.cause());
                        }
                    } finally {
                        permits.release();
                        answered.countDown();
                    }
                });
            }
            answered.await(Math.max(1, subscribeDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            double subscribeSeconds = (System.nanoTime() - t0) / 1e9;
            if (connected.get() < subscribers) {
                return new Result(subscribers, subscribeSeconds, List.of(), Double.NaN, rss.getAsDouble(), 0,
                        broken.get(), connected.get() + " of " + subscribers + " subscribed; first error: "
                        + errors.peek());
            }
            tracker.expect(subscribers);

            // 2. publish one event at a time; each waits for every subscriber to have it (or the timeout)
            List<Double> lastMs = new ArrayList<>();
            long measuredDeliveries = 0;
            double deliverySumMs = 0;
            long missing = 0;
            for (int k = 1; k <= total; k++) {
                String body = "{\"header\":{\"tenant_id\":\"bench\"},\"payload\":{\"n\":" + k
                        + ",\"text\":\"bench fan-out event\"}}";
                CompletableFuture<Integer> status = new CompletableFuture<>();
                tracker.sent[k] = System.nanoTime();
                publisher.request(new RequestOptions().setMethod(HttpMethod.POST)
                                .setURI("/mig/v0.1/publish/" + topic)
                                .addHeader("X-Tenant-ID", "bench").addHeader("Content-Type", "application/json"))
                        .compose(req -> req.send(body))
                        .compose(resp -> resp.body().map(b -> resp.statusCode()))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                status.complete(ar.result());
                            } else {
                                status.completeExceptionally(ar.cause());
                            }
                        });
                boolean all = tracker.done[k].await(perPublishTimeoutMs, TimeUnit.MILLISECONDS);
                int code;
                try {
                    code = status.get(perPublishTimeoutMs, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    code = -1;
                }
                if (code != 200) {
                    return new Result(subscribers, subscribeSeconds, lastMs, Double.NaN, rss.getAsDouble(), missing,
                            broken.get(), "publish " + k + " answered " + (code < 0 ? "nothing" : code));
                }
                int notDelivered = tracker.remaining.get(k);
                if (k > warmup) {
                    missing += notDelivered;
                    if (all) {
                        lastMs.add((tracker.last.get(k) - tracker.sent[k]) / 1e6);
                    }
                    measuredDeliveries += subscribers - notDelivered;
                    deliverySumMs += tracker.sum.get(k) / 1e6;
                }
                if (!all && broken.get() >= subscribers) {
                    break;
                }
                Thread.sleep(10);
            }
            double rssMiB = rss.getAsDouble();
            String problem = missing > 0 ? missing + " deliveries missing (" + broken.get() + " streams broken)"
                    : null;
            return new Result(subscribers, subscribeSeconds, lastMs,
                    measuredDeliveries == 0 ? Double.NaN : deliverySumMs / measuredDeliveries, rssMiB, missing,
                    broken.get(), problem);
        } finally {
            for (Subscriber sub : subs) {
                sub.closing = true;
            }
            await(publisher.close());
            await(client.close());
        }
    }

    private static void await(Future<?> future) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        future.onComplete(ar -> latch.countDown());
        latch.await(60, TimeUnit.SECONDS);
    }

    /** Per publish: send time, deliveries still expected, time of the last delivery, sum of delivery latencies. */
    static final class Tracker {
        final long[] sent;
        final AtomicIntegerArray remaining;
        final AtomicLongArray last;
        final AtomicLongArray sum;
        final CountDownLatch[] done;

        Tracker(int total) {
            sent = new long[total + 1];
            remaining = new AtomicIntegerArray(total + 1);
            last = new AtomicLongArray(total + 1);
            sum = new AtomicLongArray(total + 1);
            done = new CountDownLatch[total + 1];
            for (int k = 0; k <= total; k++) {
                done[k] = new CountDownLatch(1);
            }
        }

        void expect(int subscribers) {
            for (int k = 1; k < sent.length; k++) {
                remaining.set(k, subscribers);
            }
        }

        void delivered(int k, long now) {
            if (k < 1 || k >= sent.length) {
                return;
            }
            last.accumulateAndGet(k, now, Math::max);
            sum.addAndGet(k, now - sent[k]);
            if (remaining.decrementAndGet(k) == 0) {
                done[k].countDown();
            }
        }
    }

    /** One SSE stream: counts events ({@code data:} lines at a line start) across chunk boundaries. */
    static final class Subscriber {
        private final Tracker tracker;
        private final AtomicInteger brokenCount;
        private boolean lineStart = true;
        private int matched;
        private int events;
        private boolean broken;
        volatile boolean closing;

        Subscriber(Tracker tracker, AtomicInteger brokenCount) {
            this.tracker = tracker;
            this.brokenCount = brokenCount;
        }

        void onData(Buffer buffer) {
            int n = buffer.length();
            for (int i = 0; i < n; i++) {
                byte b = buffer.getByte(i);
                if (b == '\n') {
                    lineStart = true;
                    matched = 0;
                } else if (lineStart) {
                    if (b == DATA[matched]) {
                        if (++matched == DATA.length) {
                            lineStart = false;
                            tracker.delivered(++events, System.nanoTime());
                        }
                    } else {
                        lineStart = false;
                    }
                }
            }
        }

        void broken() {
            if (!broken && !closing) {
                broken = true;
                brokenCount.incrementAndGet();
            }
        }
    }
}
