package io.migd.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.AsyncProcessorSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server_stream invocation for a transport that answers once (a plain HTTP request without an SSE Accept
 * header): the stream runs as everywhere else and its frames are collected into {@link MigCall#frames()}.
 */
public final class CollectStreamProcessor extends AsyncProcessorSupport {

    private static final long MARGIN_MS = 1000;

    private final StreamInvokeProcessor streams;
    private final long defaultDeadlineMs;
    private final int maxFrames;

    public CollectStreamProcessor(StreamInvokeProcessor streams, long defaultDeadlineMs, int maxFrames) {
        this.streams = streams;
        this.defaultDeadlineMs = defaultDeadlineMs;
        this.maxFrames = maxFrames;
    }

    /** True when the request asks for {@code stream_preference: server_stream}. */
    public static Predicate wantsServerStream() {
        return exchange -> {
            String preference = MigCall.of(exchange).requestText("stream_preference");
            return preference != null && preference.toLowerCase(Locale.ROOT).replace("stream_preference_", "")
                    .equals("server_stream");
        };
    }

    /** Never waits on the calling thread: the provider's route may need that thread to run. */
    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        MigCall call = MigCall.of(exchange);
        Collector collector = new Collector(maxFrames);
        call.streamSession(new StreamSession(collector));
        try {
            streams.process(exchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        collector.done.orTimeout(Math.max(0, call.remainingMillis(defaultDeadlineMs)) + MARGIN_MS,
                TimeUnit.MILLISECONDS).whenComplete((v, failure) -> {
                    if (failure != null) {
                        exchange.setException(new MigException(MigErrorCode.MIG_TIMEOUT,
                                "the stream did not end in time", Map.of("cancelled", false)));
                    } else {
                        call.frames(collector.frames());
                    }
                    callback.done(false);
                });
        return false;
    }

    /** Keeps frames until the terminal one. */
    private static final class Collector implements FrameSink {
        private final int maxFrames;
        private final List<ObjectNode> frames = new ArrayList<>();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Collector(int maxFrames) {
            this.maxFrames = maxFrames;
        }

        @Override
        public synchronized void send(ObjectNode frame) {
            if (done.isDone()) {
                return;
            }
            if (frames.size() >= maxFrames) {
                frames.clear();
                frames.add(StreamFrames.error(null, frame.path("stream_id").asText(null), null,
                        new MigException(MigErrorCode.MIG_BACKPRESSURE, "the stream produced more than " + maxFrames
                                + " frames; ask for it with Accept: text/event-stream", Map.of())));
                done.complete(null);
                return;
            }
            frames.add(frame);
            if (frame.path("end_stream").asBoolean(false)) {
                done.complete(null);
            }
        }

        @Override
        public boolean isOpen() {
            return !done.isDone();
        }

        synchronized List<ObjectNode> frames() {
            return List.copyOf(frames);
        }
    }
}
