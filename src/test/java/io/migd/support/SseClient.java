package io.migd.support;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real, minimal Server-Sent Events client over a plain {@link Socket} to 127.0.0.1: it sends one HTTP/1.1 GET,
 * reads the response incrementally (chunked or not) on its own thread and parses the stream into {@link Frame}s and
 * comment lines as they arrive. It can be opened without reading (a subscriber that stalls, with a small receive
 * buffer) and started later, and it can close gracefully (FIN) or abruptly (RST).
 */
public final class SseClient implements AutoCloseable {

    /** One dispatched SSE event: its {@code id}, {@code event} type and {@code data} (lines joined by '\n'). */
    public record Frame(String id, String event, String data) {

        public JsonNode json() {
            try {
                return MigClient.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("frame data is not JSON: " + this, e);
            }
        }

        public long sequence() {
            return Long.parseLong(id);
        }
    }

    private static final Object END = new Object();

    private final Socket socket;
    private final String path;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final Map<String, String> headers = new ConcurrentHashMap<>();
    private final CountDownLatch headersRead = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch socketClosed = new CountDownLatch(1);
    private final StringBuffer transcript = new StringBuffer();
    private volatile int status = -1;
    private volatile String body;
    private volatile boolean cleanEnd;
    private volatile Throwable readFailure;
    private volatile Thread reader;

    private SseClient(Socket socket, String path) {
        this.socket = socket;
        this.path = path;
    }

    /** Opens a subscription, starts reading, and waits (5 s) for the response head. */
    public static SseClient open(int port, String path, String... headerPairs) {
        SseClient client = connect(port, path, 0, headerPairs);
        client.startReading();
        client.awaitHead(Duration.ofSeconds(5));
        return client;
    }

    /**
     * Sends the request but never reads: the stalled subscriber. {@code receiveBuffer} (bytes, 0 = OS default) is set
     * before connecting so that the advertised window stays small.
     */
    public static SseClient openWithoutReading(int port, String path, int receiveBuffer, String... headerPairs) {
        return connect(port, path, receiveBuffer, headerPairs);
    }

    private static SseClient connect(int port, String path, int receiveBuffer, String... headerPairs) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            StringBuilder request = new StringBuilder()
                    .append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n");
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new SseClient(socket, path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    /** Starts the reading thread (once). */
    public synchronized SseClient startReading() {
        if (reader == null) {
            reader = new Thread(this::readLoop, "sse-client " + path);
            reader.setDaemon(true);
            reader.start();
        }
        return this;
    }

    /** Waits for the status line and headers. */
    public SseClient awaitHead(Duration timeout) {
        try {
            if (!headersRead.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("no response head for " + path + " within " + timeout + "; read so far: " + transcript());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    public int status() {
        return status;
    }

    /** A response header (name case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body of a non-200 answer (read to its end), or null. */
    public String body() {
        return body;
    }

    /** Local port of the client socket: the gateway sees us as 127.0.0.1:localPort. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public List<String> comments() {
        return List.copyOf(comments);
    }

    /** Everything decoded so far (stream text after de-chunking), for failure messages; capped. */
    public String transcript() {
        String text = transcript.toString();
        return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
    }

    /** The next frame, or null when the stream ended; fails when nothing arrives within {@code timeout}. */
    public Frame next(Duration timeout) {
        Object item;
        try {
            item = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (item == null) {
            fail("no SSE frame on " + path + " within " + timeout + "; stream so far: " + transcript());
        }
        if (item == END) {
            queue.add(END); // stays ended
            return null;
        }
        return (Frame) item;
    }

    /** The next {@code count} frames, all within {@code timeout}; fails if the stream ends or stalls first. */
    public List<Frame> take(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> frames = new ArrayList<>(count);
        while (frames.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("got " + frames.size() + " of " + count + " frames on " + path + " within " + timeout
                        + "; last: " + (frames.isEmpty() ? null : frames.get(frames.size() - 1)));
            }
            Frame frame = next(Duration.ofNanos(left));
            if (frame == null) {
                fail("stream " + path + " ended after " + frames.size() + " of " + count + " frames: " + transcript());
            }
            frames.add(frame);
        }
        return frames;
    }

    /** Frames until one matches {@code last} (included); fails on a timeout or the end of the stream. */
    public List<Frame> takeUntil(Predicate<Frame> last, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> frames = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no matching frame on " + path + " within " + timeout + " after " + frames.size() + " frames");
            }
            Frame frame = next(Duration.ofNanos(left));
            if (frame == null) {
                fail("stream " + path + " ended after " + frames.size() + " frames without the expected one");
            }
            frames.add(frame);
            if (last.test(frame)) {
                return frames;
            }
        }
    }

    /** All frames until the stream ends (server finished the response or closed), within {@code timeout}. */
    public List<Frame> drainToEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Frame> frames = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("stream " + path + " did not end within " + timeout + " (" + frames.size() + " frames)");
            }
            Frame frame = next(Duration.ofNanos(left));
            if (frame == null) {
                return frames;
            }
            frames.add(frame);
        }
    }

    /** True when the response ended properly (terminating chunk), false on a bare EOF/reset. */
    public boolean endedCleanly() {
        return cleanEnd;
    }

    public boolean hasEnded() {
        return ended.getCount() == 0;
    }

    public Throwable readFailure() {
        return readFailure;
    }

    /** Closes the socket with RST (SO_LINGER 0): the client vanishes without a goodbye. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    /** Closes the socket normally (FIN). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    // --- reading -------------------------------------------------------------------------------------------

    private void readLoop() {
        try (InputStream raw = new BufferedInputStream(socket.getInputStream(), 8192)) {
            String statusLine = readLine(raw);
            if (statusLine == null) {
                throw new EOFException("connection closed before the status line");
            }
            String[] parts = statusLine.split(" ", 3);
            int code = Integer.parseInt(parts[1]);
            String line;
            while ((line = readLine(raw)) != null && !line.isEmpty()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            status = code;
            headersRead.countDown();
            InputStream in;
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
                in = new ChunkedInputStream(raw);
            } else if (headers.containsKey("content-length")) {
                in = new BoundedInputStream(raw, Long.parseLong(headers.get("content-length")));
            } else {
                in = raw;
            }
            if (code != 200) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                transcript.append(body);
                cleanEnd = true;
            } else {
                parseEvents(in);
                cleanEnd = !(in instanceof ChunkedInputStream chunked) || chunked.finished;
            }
            queue.add(END);
            ended.countDown();
            // the response is over; whether the server also closes the connection is observable on
            while (raw.read() != -1) {
                // nothing is expected after the end of the response
            }
        } catch (IOException | RuntimeException e) {
            if (!hasEnded()) {
                readFailure = e;
            }
        } finally {
            headersRead.countDown();
            if (!hasEnded()) {
                queue.add(END);
                ended.countDown();
            }
            socketClosed.countDown();
        }
    }

    /** Waits until the server closed the connection (EOF or reset), after the response ended or not. */
    public boolean awaitConnectionClosed(Duration timeout) {
        try {
            return socketClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void parseEvents(InputStream in) throws IOException {
        parse(in, queue::add, comments::add, line -> {
            if (transcript.length() < 1_000_000) {
                transcript.append(line).append('\n');
            }
        });
    }

    /** Parses a complete SSE text (e.g. what {@code curl -N} printed) into its frames. */
    public static List<Frame> parse(String text) {
        List<Frame> frames = new ArrayList<>();
        try {
            parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), frames::add, c -> { },
                    l -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return frames;
    }

    private static void parse(InputStream in, Consumer<Frame> frames,
                              Consumer<String> comments,
                              Consumer<String> lines) throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine(in)) != null) {
            lines.accept(line);
            if (line.isEmpty()) {
                if (data != null || event != null || id != null) {
                    frames.accept(new Frame(id, event == null ? "message" : event,
                            data == null ? "" : data.toString()));
                }
                id = null;
                event = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                comments.accept(line);
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // retry and unknown fields are ignored, as a browser would
                }
            }
        }
    }

    /** A line up to '\n' (a trailing '\r' dropped), UTF-8; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** HTTP/1.1 chunked transfer decoding; reports EOF after the terminating chunk. */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;
        private boolean finished;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (!nextChunk()) {
                return -1;
            }
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed inside a chunk");
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!nextChunk()) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n == -1) {
                throw new EOFException("connection closed inside a chunk");
            }
            remaining -= n;
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (finished) {
                return false;
            }
            if (remaining > 0) {
                return true;
            }
            String size = readLine(in);
            if (size != null && size.isEmpty()) {
                size = readLine(in); // the CRLF that closed the previous chunk
            }
            if (size == null) {
                throw new EOFException("connection closed between chunks");
            }
            int semicolon = size.indexOf(';');
            remaining = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (remaining == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // trailers ignored
                }
                finished = true;
                return false;
            }
            return true;
        }
    }

    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }
    }
}
