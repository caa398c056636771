package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MIG v0.1 core: HELLO, DISCOVER, INVOKE (with idempotency), CANCEL, HEARTBEAT, and the error envelope. */
final class CoreChecks {

    static final String LEVEL = "core";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private CoreChecks() {
    }

    static List<Check> all() {
        return List.of(
                new Check(LEVEL, "hello", CoreChecks::hello),
                new Check(LEVEL, "hello-version-mismatch", CoreChecks::helloVersionMismatch),
                new Check(LEVEL, "discover", CoreChecks::discover),
                new Check(LEVEL, "invoke", CoreChecks::invoke),
                new Check(LEVEL, "invoke-unknown-capability", CoreChecks::invokeUnknown),
                new Check(LEVEL, "malformed-json", CoreChecks::malformedJson),
                new Check(LEVEL, "idempotent-replay", CoreChecks::idempotentReplay),
                new Check(LEVEL, "cancel-not-found", CoreChecks::cancelNotFound),
                new Check(LEVEL, "heartbeat", CoreChecks::heartbeat),
                new Check(LEVEL, "unknown-endpoint", CoreChecks::unknownEndpoint));
    }

    /** The response header echoes the request's ids (mig-spec §1). */
    private static void hello(RunContext run) {
        String messageId = run.id("hello");
        ObjectNode body = run.envelope(messageId);
        ((ObjectNode) body.get("header")).put("traceparent", TRACEPARENT);
        body.putArray("supported_versions").add("0.1");
        body.putArray("requested_bindings").add("http");
        MigHttp.Reply reply = run.http().post("/mig/v0.1/hello", body);
        Expect.status(reply, 200);
        JsonNode json = reply.json();
        Expect.equal("0.1", json.path("selected_version").asText(null), "selected_version");
        Expect.equal("http", json.path("selected_binding").asText(null), "selected_binding");
        Expect.that(json.path("enabled_features").isArray(), "enabled_features must be an array");
        Expect.that(!Expect.text(json, "server_id").isEmpty(), "server_id must not be empty");
        JsonNode header = json.path("header");
        Expect.equal("0.1", header.path("mig_version").asText(null), "header.mig_version");
        Expect.equal(messageId, header.path("message_id").asText(null), "header.message_id echo");
        Expect.equal(TRACEPARENT, header.path("traceparent").asText(null), "header.traceparent echo");
        if (run.http().tenant() != null) {
            Expect.equal(run.http().tenant(), header.path("tenant_id").asText(null), "header.tenant_id echo");
        }
    }

    private static void helloVersionMismatch(RunContext run) {
        ObjectNode body = run.envelope(run.id("hello-v"));
        body.putArray("supported_versions").add("9.9");
        Expect.errorEnvelope(run.http().post("/mig/v0.1/hello", body), 400, "MIG_VERSION_MISMATCH");
    }

    private static void discover(RunContext run) {
        MigHttp.Reply reply = run.http().post("/mig/v0.1/discover", run.envelope(run.id("discover")));
        Expect.status(reply, 200);
        JsonNode capabilities = reply.json().path("capabilities");
        Expect.that(capabilities.isArray(), "capabilities must be an array: " + reply.brief());
        List<String> ids = new ArrayList<>();
        for (JsonNode c : capabilities) {
            ids.add(Expect.text(c, "id"));
            Expect.text(c, "version");
            Expect.that(c.path("modes").isArray(), "modes must be an array in " + Expect.brief(c));
        }
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        Expect.equal(sorted, ids, "capabilities sorted by id");
    }

    private static void invoke(RunContext run) {
        run.requireCapability();
        String messageId = run.id("invoke");
        ObjectNode body = run.envelope(messageId);
        body.set("payload", run.payload());
        MigHttp.Reply reply = run.http().post("/mig/v0.1/invoke/" + run.capability(), body);
        Expect.status(reply, 200);
        Expect.equal(run.capability(), reply.json().path("capability").asText(null), "capability");
        Expect.that(reply.json().path("payload").isObject(), "payload must be an object: " + reply.brief());
        Expect.equal(messageId, reply.json().path("header").path("message_id").asText(null), "header.message_id");
    }

    private static void invokeUnknown(RunContext run) {
        ObjectNode body = run.envelope(run.id("unknown"));
        body.putObject("payload");
        Expect.errorEnvelope(run.http().post("/mig/v0.1/invoke/conformance.no-such-capability", body), 404,
                "MIG_UNSUPPORTED_CAPABILITY");
    }

    private static void malformedJson(RunContext run) {
        Expect.errorEnvelope(run.http().post("/mig/v0.1/invoke/" + run.capability(), "{\"header\": {"), 400,
                "MIG_INVALID_REQUEST");
    }

    /** mig-spec §5.3: the same key replays the first result; the same key with another payload is 409. */
    private static void idempotentReplay(RunContext run) {
        run.requireCapability();
        String key = run.id("idem");
        MigHttp.Reply first = run.http().post("/mig/v0.1/invoke/" + run.capability(), keyed(run, key, run.payload()));
        Expect.status(first, 200);
        MigHttp.Reply second = run.http().post("/mig/v0.1/invoke/" + run.capability(), keyed(run, key, run.payload()));
        Expect.status(second, 200);
        Expect.equal(first.json().path("payload"), second.json().path("payload"), "replayed payload");
        ObjectNode other = changed(run.payload());
        if (other != null) {
            Expect.errorEnvelope(run.http().post("/mig/v0.1/invoke/" + run.capability(), keyed(run, key, other)),
                    409, "MIG_INVALID_REQUEST");
        }
    }

    private static ObjectNode keyed(RunContext run, String key, ObjectNode payload) {
        ObjectNode body = run.envelope();
        ((ObjectNode) body.get("header")).put("idempotency_key", key);
        body.set("payload", payload);
        return body;
    }

    /** The payload with its first string field changed, or null when it has none. */
    private static ObjectNode changed(ObjectNode payload) {
        for (Map.Entry<String, JsonNode> field : payload.properties()) {
            if (field.getValue().isTextual()) {
                payload.put(field.getKey(), field.getValue().asText() + " (changed)");
                return payload;
            }
        }
        return null;
    }

    private static void cancelNotFound(RunContext run) {
        String target = run.id("nothing-in-flight");
        ObjectNode body = run.envelope(run.id("cancel"));
        body.put("target_message_id", target);
        body.put("reason", "conformance check");
        MigHttp.Reply reply = run.http().post("/mig/v0.1/cancel/" + target, body);
        Expect.status(reply, 200);
        Expect.equal(target, reply.json().path("target_message_id").asText(null), "target_message_id");
        Expect.equal(Boolean.TRUE, reply.json().path("accepted").isBoolean() ? reply.json().path("accepted")
                .asBoolean() : null, "accepted");
        Expect.equal("not_found", reply.json().path("status").asText(null), "status");
    }

    private static void heartbeat(RunContext run) {
        ObjectNode body = run.envelope(run.id("heartbeat"));
        body.put("interval_ms", 5000);
        MigHttp.Reply reply = run.http().post("/mig/v0.1/heartbeat", body);
        Expect.status(reply, 200);
        JsonNode interval = reply.json().path("suggested_interval_ms");
        Expect.that(interval.isIntegralNumber() && interval.asLong() >= 1, "suggested_interval_ms must be >= 1");
        JsonNode load = reply.json().path("load_factor");
        Expect.that(load.isNumber() && load.asDouble() >= 0 && load.asDouble() <= 1,
                "load_factor must be within 0..1, got " + load);
    }

    private static void unknownEndpoint(RunContext run) {
        Expect.errorEnvelope(run.http().get("/mig/v0.1/no-such-operation"), 404, "MIG_NOT_FOUND");
    }
}
