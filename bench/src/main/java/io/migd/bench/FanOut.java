package io.migd.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * SSE fan-out: opens N subscriptions (one TCP connection each), then publishes events one at a time and measures, per
 * publish, the time from sending the PUBLISH to the last subscriber having the event.
 *
 * <p>The subscribers are one non-blocking NIO selector loop on one thread: a plain HTTP/1.1 GET per connection, the
 * response head checked (status 200), the body decoded (chunked or close-delimited) and scanned for SSE
 * {@code data:} lines. An event counts as delivered at the {@code System.nanoTime()} taken right after the
 * {@code read} that returned its {@code data:} line. A general-purpose HTTP client (one Netty pipeline, HTTP codec,
 * promise and handler chain per connection) costs several times more CPU per event than the server it measures, so
 * with 10,000 connections on the one load CPU it was measuring itself. Publishes go through the equally plain
 * {@link Publisher}. Every wait is bounded; nothing here retries.
 */
final class FanOut {

    /** concurrent connection attempts while subscribing (keeps the server's accept backlog from overflowing) */
    private static final int CONNECT_CONCURRENCY = 256;
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 16 * 1024;
    /** while a publish is out and nothing is ready: the reader's nap (an upper bound on what polling adds) */
    private static final long PARK_NANOS = 50_000;

    record Result(int subscribers, double subscribeSeconds, List<Double> lastDeliveryMs, double meanDeliveryMs,
                  double rssMiB, long missingDeliveries, int brokenStreams, String problem) {
    }

    /** called when every subscriber is connected, right before the first publish (profiling hooks) */
    Runnable beforePublishing = () -> { };

    FanOut() {
    }

    /**
     * @param warmup publishes sent first and not measured
     * @param rss    reads the server's RSS while all subscribers are connected
     */
    Result run(int port, String topic, int subscribers, int warmup, int publishes, long perPublishTimeoutMs,
               long subscribeTimeoutMs, DoubleSupplier rss) throws InterruptedException {
        int total = warmup + publishes;
        Tracker tracker = new Tracker(total);
        Publisher publisher = new Publisher(port);
        byte[] request = ("GET /mig/v0.1/subscribe/" + topic + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nX-Tenant-ID: bench\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Subscribers subs;
        try {
            subs = new Subscribers(new InetSocketAddress("127.0.0.1", port), request, subscribers, tracker);
        } catch (IOException e) {
            publisher.close();
            return new Result(subscribers, 0, List.of(), Double.NaN, rss.getAsDouble(), 0, 0,
                    "cannot open a selector: " + e);
        }
        try {
            // 1. subscribe everyone (bounded concurrency, bounded time)
            long t0 = System.nanoTime();
            subs.start();
            subs.answered.await(subscribeTimeoutMs, TimeUnit.MILLISECONDS);
            double subscribeSeconds = (System.nanoTime() - t0) / 1e9;
            if (subs.subscribed.get() < subscribers) {
                String error = subs.errors.peek();
                return new Result(subscribers, subscribeSeconds, List.of(), Double.NaN, rss.getAsDouble(), 0,
                        subs.broken.get(), subs.subscribed.get() + " of " + subscribers + " subscribed; first error: "
                        + (error != null ? error : "subscribing took longer than " + subscribeTimeoutMs + " ms"));
            }
            tracker.expect(subscribers);
            beforePublishing.run();

            // 2. publish one event at a time; each waits for every subscriber to have it (or the timeout)
            List<Double> lastMs = new ArrayList<>();
            long measuredDeliveries = 0;
            double deliverySumMs = 0;
            long missing = 0;
            for (int k = 1; k <= total; k++) {
                String body = "{\"header\":{\"tenant_id\":\"bench\"},\"payload\":{\"n\":" + k
                        + ",\"text\":\"bench fan-out event\"}}";
                subs.polling(true);
                tracker.sent[k] = System.nanoTime();
                String failure = null;
                try {
                    publisher.send("/mig/v0.1/publish/" + topic, body);
                } catch (IOException e) {
                    failure = "sending: " + e.getMessage();
                }
                boolean all = failure == null && tracker.done[k].await(perPublishTimeoutMs, TimeUnit.MILLISECONDS);
                subs.polling(false);
                int code = -1;
                if (failure == null) {
                    try {
                        code = publisher.awaitStatus(perPublishTimeoutMs);
                    } catch (IOException e) {
                        failure = e.getMessage();
                    }
                }
                if (code != 200) {
                    return new Result(subscribers, subscribeSeconds, lastMs, Double.NaN, rss.getAsDouble(), missing,
                            subs.broken.get(), "publish " + k + " answered "
                            + (code < 0 ? "nothing (" + failure + ")" : code)
                            // delivered or not tells a lost request from a lost answer
                            + "; " + (subscribers - tracker.remaining.get(k)) + " of " + subscribers
                            + " subscribers got the event");
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
                if (!all && subs.broken.get() >= subscribers) {
                    break;
                }
                Thread.sleep(10);
            }
            double rssMiB = rss.getAsDouble();
            String problem = missing > 0 ? missing + " deliveries missing (" + subs.broken.get() + " streams broken)"
                    : null;
            return new Result(subscribers, subscribeSeconds, lastMs,
                    measuredDeliveries == 0 ? Double.NaN : deliverySumMs / measuredDeliveries, rssMiB, missing,
                    subs.broken.get(), problem);
        } finally {
            subs.close();
            publisher.close();
        }
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

    /**
     * The subscribers' connections, all on one selector served by one thread ({@code fanout-reader}): connects
     * ({@link #CONNECT_CONCURRENCY} at a time), sends the GET, checks the response head and scans the bodies.
     */
    static final class Subscribers implements Runnable {
        final CountDownLatch answered;
        final AtomicInteger subscribed = new AtomicInteger();
        final AtomicInteger broken = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        private final InetSocketAddress address;
        private final byte[] request;
        private final int count;
        private final Tracker tracker;
        private final Selector selector;
        private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
        private final List<Conn> conns = new ArrayList<>();
        private final Thread thread;
        private volatile boolean closing;
        private volatile boolean polling;
        private int started;
        private int inFlight;

        Subscribers(InetSocketAddress address, byte[] request, int count, Tracker tracker) throws IOException {
            this.address = address;
            this.request = request;
            this.count = count;
            this.tracker = tracker;
            this.answered = new CountDownLatch(count);
            this.selector = Selector.open();
            this.thread = new Thread(this, "fanout-reader");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /**
         * While a publish is out the loop polls its selector instead of sleeping in it (and yields the CPU when
         * nothing is ready). On loopback the sender wakes a sleeping reader: every frame written to a sleeping
         * subscriber would cost the server's CPU an inter-processor wake-up, which a client on another machine never
         * puts on the server.
         */
        void polling(boolean on) {
            polling = on;
            if (on) {
                selector.wakeup();
            }
        }

        /** Stops the loop and closes every connection (bounded wait). */
        void close() throws InterruptedException {
            closing = true;
            selector.wakeup();
            thread.join(60_000);
        }

        @Override
        public void run() {
            try {
                connectMore();
                while (!closing) {
                    if (!polling) {
                        selector.select(this::ready, 1_000);
                    } else if (selector.selectNow(this::ready) == 0) {
                        LockSupport.parkNanos(PARK_NANOS);
                    }
                    connectMore();
                }
            } catch (IOException | ClosedSelectorException e) {
                if (!closing) {
                    errors.add("selector failed: " + e);
                }
            } finally {
                for (Conn c : conns) {
                    c.close();
                }
                try {
                    selector.close();
                } catch (IOException e) {
                    // nothing left to do
                }
            }
        }

        private void connectMore() {
            while (started < count && inFlight < CONNECT_CONCURRENCY && !closing) {
                started++;
                inFlight++;
                Conn c = new Conn();
                conns.add(c);
                try {
                    c.channel = SocketChannel.open();
                    c.channel.configureBlocking(false);
                    c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (c.channel.connect(address)) {
                        c.key = c.channel.register(selector, 0, c);
                        sendRequest(c);
                    } else {
                        c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                    }
                } catch (IOException e) {
                    fail(c, "subscribe failed: " + e);
                }
            }
        }

        private void ready(SelectionKey key) {
            Conn c = (Conn) key.attachment();
            try {
                if (!key.isValid()) {
                    return;
                }
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    sendRequest(c);
                } else if (key.isWritable()) {
                    sendRequest(c);
                } else if (key.isReadable()) {
                    read(c);
                }
            } catch (IOException e) {
                if (c.state == Conn.HEAD) {
                    fail(c, "subscribe failed: " + e);
                } else {
                    ended(c);
                }
            }
        }

        private void sendRequest(Conn c) throws IOException {
            if (c.out == null) {
                c.out = ByteBuffer.wrap(request);
            }
            c.channel.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Conn c) throws IOException {
            while (true) {
                readBuffer.clear();
                int n = c.channel.read(readBuffer);
                if (n < 0) {
                    if (c.state == Conn.HEAD) {
                        fail(c, "subscribe failed: the server closed the connection before answering");
                    } else {
                        ended(c);
                    }
                    return;
                }
                if (n == 0) {
                    return;
                }
                // the moment this client has the bytes: every event completed in them is delivered now
                long now = System.nanoTime();
                readBuffer.flip();
                if (!c.consume(readBuffer, now, this)) {
                    return;
                }
                if (n < readBuffer.capacity()) {
                    return;
                }
            }
        }

        /** The response head arrived: a 200 is a subscription, anything else a failed one. */
        void headDone(Conn c, int status) {
            if (status != 200) {
                fail(c, "subscribe answered " + status);
                return;
            }
            subscribed.incrementAndGet();
            inFlight--;
            answered.countDown();
        }

        void fail(Conn c, String error) {
            errors.add(error);
            if (c.state == Conn.HEAD) {
                inFlight--;
                answered.countDown();
            }
            c.state = Conn.DONE;
            c.close();
        }

        /** The stream ended (end of body, connection closed or reset) while it should still be open. */
        void ended(Conn c) {
            if (c.state != Conn.DONE) {
                c.state = Conn.DONE;
                if (!closing) {
                    broken.incrementAndGet();
                }
            }
            c.close();
        }
    }

    /** One subscriber's connection: HTTP/1.1 response parsing (head, chunked or close-delimited body) and SSE scan. */
    static final class Conn {
        static final int HEAD = 0;
        static final int CHUNK_SIZE = 1;
        static final int CHUNK_DATA = 2;
        static final int CHUNK_DATA_END = 3;
        static final int IDENTITY = 4;
        static final int DONE = 5;

        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out;
        int state = HEAD;
        private byte[] head = new byte[512];
        private int headLength;
        private long chunkLeft;
        private boolean chunkSizeDigits;
        private boolean chunkExtension;
        // SSE scan state: at a line start, how much of "data:" matched, events seen so far
        private boolean lineStart = true;
        private int matched;
        private int events;

        /** @return false when the connection was closed while consuming */
        boolean consume(ByteBuffer in, long now, Subscribers owner) {
            while (in.hasRemaining()) {
                switch (state) {
                    case HEAD -> {
                        if (!head(in, owner)) {
                            return state != DONE;
                        }
                    }
                    case CHUNK_SIZE -> chunkSize(in, owner);
                    case CHUNK_DATA -> {
                        int n = (int) Math.min(chunkLeft, in.remaining());
                        scan(in, n, now, owner.tracker);
                        chunkLeft -= n;
                        if (chunkLeft == 0) {
                            state = CHUNK_DATA_END;
                        }
                    }
                    case CHUNK_DATA_END -> {
                        byte b = in.get();
                        if (b == '\n') {
                            state = CHUNK_SIZE;
                        } else if (b != '\r') {
                            owner.errors.add("malformed chunked body (no CRLF after a chunk)");
                            owner.ended(this);
                        }
                    }
                    case IDENTITY -> scan(in, in.remaining(), now, owner.tracker);
                    default -> {
                        return false;
                    }
                }
                if (state == DONE) {
                    return false;
                }
            }
            return true;
        }

        /** Collects the head up to the empty line; @return true once the body starts */
        private boolean head(ByteBuffer in, Subscribers owner) {
            while (in.hasRemaining()) {
                if (headLength == head.length) {
                    if (head.length >= MAX_HEAD) {
                        owner.fail(this, "subscribe answered a head over " + MAX_HEAD + " bytes");
                        return false;
                    }
                    head = java.util.Arrays.copyOf(head, head.length * 2);
                }
                head[headLength++] = in.get();
                if (headLength >= 4 && head[headLength - 1] == '\n' && head[headLength - 2] == '\r'
                        && head[headLength - 3] == '\n' && head[headLength - 4] == '\r') {
                    String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
                    head = null;
                    String[] lines = text.split("\r\n");
                    String[] status = lines[0].split(" ", 3);
                    int code;
                    try {
                        code = status.length >= 2 && status[0].startsWith("HTTP/1.") ? Integer.parseInt(status[1]) : -1;
                    } catch (NumberFormatException e) {
                        code = -1;
                    }
                    if (code != 200) {
                        owner.headDone(this, code);
                        return false;
                    }
                    boolean chunked = false;
                    for (int i = 1; i < lines.length; i++) {
                        String line = lines[i].toLowerCase(Locale.ROOT);
                        if (line.startsWith("transfer-encoding:") && line.contains("chunked")) {
                            chunked = true;
                        } else if (line.startsWith("content-length:")) {
                            owner.fail(this, "subscribe answered a body with a Content-Length, not a stream");
                            return false;
                        }
                    }
                    state = chunked ? CHUNK_SIZE : IDENTITY;
                    owner.headDone(this, code);
                    return true;
                }
            }
            return false;
        }

        private void chunkSize(ByteBuffer in, Subscribers owner) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    if (!chunkSizeDigits) {
                        owner.errors.add("malformed chunked body (no chunk size)");
                        owner.ended(this);
                        return;
                    }
                    chunkSizeDigits = false;
                    chunkExtension = false;
                    if (chunkLeft == 0) {
                        owner.ended(this);   // the last chunk: the server ended the stream
                    } else {
                        state = CHUNK_DATA;
                    }
                    return;
                }
                if (chunkExtension || b == '\r') {
                    continue;
                }
                int digit = Character.digit(b, 16);
                if (digit >= 0 && chunkLeft < (1L << 40)) {
                    chunkLeft = chunkLeft * 16 + digit;
                    chunkSizeDigits = true;
                } else if (b == ';' || b == ' ' || b == '\t') {
                    chunkExtension = true;
                } else {
                    owner.errors.add("malformed chunked body (bad chunk size)");
                    owner.ended(this);
                    return;
                }
            }
        }

        /** Counts SSE events: a {@code data:} field at a line start; lines end in LF, CR or CRLF. */
        private void scan(ByteBuffer in, int n, long now, Tracker tracker) {
            int end = in.position() + n;
            for (int i = in.position(); i < end; i++) {
                byte b = in.get(i);
                if (b == '\n' || b == '\r') {
                    lineStart = true;
                    matched = 0;
                } else if (lineStart) {
                    if (b == DATA[matched]) {
                        if (++matched == DATA.length) {
                            lineStart = false;
                            tracker.delivered(++events, now);
                        }
                    } else {
                        lineStart = false;
                    }
                }
            }
            in.position(end);
        }

        void close() {
            state = DONE;
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
