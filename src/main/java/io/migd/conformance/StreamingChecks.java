package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * MIG v0.1 streaming: StreamFrames over the WebSocket ({@code /mig/v0.1/stream}) and a streaming INVOKE over SSE —
 * frames of one stream id ending with exactly one {@code end_stream: true}; bad frames answered with error frames on a
 * socket that stays open.
 */
final class StreamingChecks {

    static final String LEVEL = "streaming";
    private static final Duration FRAME_TIMEOUT = Duration.ofSeconds(10);

    private StreamingChecks() {
    }

    static List<Check> all() {
        return List.of(
                new Check(LEVEL, "ws-stream-invoke", StreamingChecks::wsStreamInvoke),
                new Check(LEVEL, "ws-bad-frame", StreamingChecks::wsBadFrame),
                new Check(LEVEL, "sse-stream-invoke", StreamingChecks::sseStreamInvoke));
    }

    private static void wsStreamInvoke(RunContext run) {
        run.requireCapability();
        String streamId = run.id("ws");
        try (MigHttp.Socket socket = run.http().webSocket("/mig/v0.1/stream")) {
            ObjectNode frame = run.envelope(run.id("ws-request"));
            frame.put("stream_id", streamId);
            frame.put("capability", run.capability());
            frame.put("kind", "request");
            frame.set("payload", run.payload());
            socket.send(frame.toString());
            List<JsonNode> frames = new ArrayList<>();
            JsonNode last;
            do {
                last = socket.next(FRAME_TIMEOUT);
                frames.add(last);
                Expect.equal(streamId, last.path("stream_id").asText(null), "stream_id of every frame");
                Expect.equal("response", last.path("kind").asText(null), "frame kind (" + Expect.brief(last) + ")");
                Expect.that(last.path("payload").isObject(), "frame payload must be an object");
            } while (!last.path("end_stream").asBoolean(false) && frames.size() < 10_000);
            Expect.that(last.path("end_stream").asBoolean(false), "the stream never ended");
        }
    }

    private static void wsBadFrame(RunContext run) {
        try (MigHttp.Socket socket = run.http().webSocket("/mig/v0.1/stream")) {
            socket.send("this is not json");
            JsonNode error = socket.next(FRAME_TIMEOUT);
            Expect.equal("error", error.path("kind").asText(null), "kind of the answer to a bad frame");
            Expect.equal("MIG_INVALID_REQUEST", error.path("error").path("code").asText(null), "error.code");
            ObjectNode unknown = run.envelope(run.id("ws-bad-kind"));
            unknown.put("kind", "event");
            socket.send(unknown.toString());
            JsonNode second = socket.next(FRAME_TIMEOUT);
            Expect.equal("error", second.path("kind").asText(null), "the socket must stay open after a bad frame");
        }
    }

    private static void sseStreamInvoke(RunContext run) {
        run.requireCapability();
        ObjectNode body = run.envelope(run.id("sse-invoke"));
        body.set("payload", run.payload());
        if (run.streams()) {
            body.put("stream_preference", "server_stream");
        }
        List<MigHttp.SseEvent> events = run.http().events("/mig/v0.1/invoke/" + run.capability(), body.toString(),
                seen -> !seen.isEmpty() && seen.get(seen.size() - 1).json().path("end_stream").asBoolean(false),
                FRAME_TIMEOUT, null);
        Expect.that(!events.isEmpty(), "no frames arrived");
        for (MigHttp.SseEvent event : events) {
            Expect.equal("response", event.event(), "SSE event name (" + event.data() + ")");
        }
        Expect.that(events.get(events.size() - 1).json().path("end_stream").asBoolean(false),
                "the last frame must have end_stream: true");
    }
}
