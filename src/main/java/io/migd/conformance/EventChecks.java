package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

/** MIG v0.1 evented: PUBLISH acks with per-topic sequences, SSE SUBSCRIBE, replay from a cursor, then live events. */
final class EventChecks {

    static final String LEVEL = "evented";
    static final String TOPIC = "conformance.checks";

    private EventChecks() {
    }

    static List<Check> all() {
        return List.of(
                new Check(LEVEL, "publish-needs-namespaced-topic", EventChecks::unNamespaced),
                new Check(LEVEL, "publish-ack-sequence", EventChecks::publishAck),
                new Check(LEVEL, "subscribe-replay-then-live", EventChecks::replayThenLive),
                new Check(LEVEL, "subscribe-bad-cursor", EventChecks::badCursor));
    }

    private static void unNamespaced(RunContext run) {
        Expect.errorEnvelope(run.http().post("/mig/v0.1/publish/nonamespace", publishBody(run, "x")), 400,
                "MIG_INVALID_REQUEST");
    }

    private static void publishAck(RunContext run) {
        long first = publish(run, "ack-1");
        long second = publish(run, "ack-2");
        Expect.equal(first + 1, second, "sequence of the next event on the topic");
    }

    /** mig-spec §5.6: events after the cursor come first with replay=true, then live ones with replay=false. */
    private static void replayThenLive(RunContext run) {
        long first = publish(run, "replay-1");
        long second = publish(run, "replay-2");
        String live = run.id("live");
        List<MigHttp.SseEvent> events = run.http().events(
                "/mig/v0.1/subscribe/" + TOPIC + "?resume_cursor=" + (first - 1), null,
                seen -> seen.stream().anyMatch(e -> e.data().contains(live)), Duration.ofSeconds(5),
                () -> publish(run, live));
        long expected = first;
        boolean sawLive = false;
        for (MigHttp.SseEvent event : events) {
            if (!"mig-event".equals(event.event())) {
                continue;
            }
            JsonNode message = event.json();
            long sequence = message.path("sequence").asLong(-1);
            Expect.equal(expected, sequence, "sequence (no gap, no duplicate)");
            Expect.equal(String.valueOf(sequence), event.id(), "SSE id");
            Expect.equal(TOPIC, message.path("topic").asText(null), "topic");
            Expect.text(message, "event_id");
            Expect.text(message, "published_at");
            Expect.that(message.path("payload").isObject(), "payload must be an object");
            Expect.that(message.path("header").isObject(), "an event carries a header");
            boolean isLive = message.path("payload").path("note").asText("").equals(live);
            Expect.that(message.path("replay").isBoolean(), "replay must be a boolean in " + event.data());
            Expect.equal(!isLive, message.path("replay").asBoolean(), "replay flag of event " + sequence);
            sawLive |= isLive;
            expected++;
        }
        Expect.that(expected > second, "the retained events " + first + ".." + second + " were not replayed: " + events);
        Expect.that(sawLive, "the live event did not arrive after the replay: " + events);
    }

    private static void badCursor(RunContext run) {
        Expect.errorEnvelope(run.http().get("/mig/v0.1/subscribe/" + TOPIC + "?resume_cursor=-1"), 400,
                "MIG_INVALID_REQUEST");
    }

    private static long publish(RunContext run, String note) {
        MigHttp.Reply ack = run.http().post("/mig/v0.1/publish/" + TOPIC, publishBody(run, note));
        Expect.status(ack, 200);
        Expect.equal(TOPIC, ack.json().path("topic").asText(null), "ack topic");
        Expect.text(ack.json(), "event_id");
        Expect.that(ack.json().path("accepted").asBoolean(false), "accepted must be true");
        JsonNode sequence = ack.json().path("sequence");
        Expect.that(sequence.isIntegralNumber() && sequence.asLong() >= 1, "sequence must be >= 1: " + ack.brief());
        return sequence.asLong();
    }

    private static ObjectNode publishBody(RunContext run, String note) {
        ObjectNode body = run.envelope();
        body.putObject("payload").put("note", note);
        return body;
    }
}
