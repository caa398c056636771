package io.migd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.UUID;

/**
 * What the checks of one run share: the connection to the gateway, the capability used for invocations (the seed's
 * demo capability unless told otherwise) with a valid payload, and a run id that keeps message ids, idempotency keys
 * and stream ids of different runs apart.
 */
public final class RunContext {

    public static final String DEMO_CAPABILITY = "observatory.models.infer";
    public static final String DEMO_PAYLOAD = "{\"input\": \"conformance check\"}";
    static final int DEADLINE_MS = 5000;

    private final MigHttp http;
    private final String capability;
    private final ObjectNode payload;
    private final String runId = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private volatile JsonNode descriptor;

    public RunContext(MigHttp http, String capability, ObjectNode payload) {
        this.http = http;
        this.capability = capability;
        this.payload = payload;
    }

    public MigHttp http() {
        return http;
    }

    public String capability() {
        return capability;
    }

    public ObjectNode payload() {
        return payload.deepCopy();
    }

    /** A message id unique to this run. */
    public String id(String what) {
        return "conf-" + runId + "-" + what;
    }

    /** The capability's descriptor as DISCOVER showed it; the checks that invoke it are skipped without it. */
    public JsonNode requireCapability() {
        if (descriptor == null) {
            MigHttp.Reply reply = http.post("/mig/v0.1/discover", envelope().toString());
            for (JsonNode c : reply.json() == null ? MigHttp.JSON.createArrayNode()
                    : reply.json().path("capabilities")) {
                if (capability.equals(c.path("id").asText())) {
                    descriptor = c;
                }
            }
        }
        if (descriptor == null) {
            throw new CheckSkipped("capability " + capability + " is not offered to tenant " + http.tenant());
        }
        return descriptor;
    }

    public boolean streams() {
        for (JsonNode mode : requireCapability().path("modes")) {
            if ("server_stream".equals(mode.asText())) {
                return true;
            }
        }
        return false;
    }

    /** A request envelope with this run's tenant. */
    public ObjectNode envelope() {
        ObjectNode body = MigHttp.JSON.createObjectNode();
        ObjectNode header = body.putObject("header");
        if (http.tenant() != null) {
            header.put("tenant_id", http.tenant());
        }
        // a provider that hangs fails its check in time instead of stalling the run
        header.put("deadline_ms", DEADLINE_MS);
        return body;
    }

    /** An envelope with this run's tenant and the given message id. */
    public ObjectNode envelope(String messageId) {
        ObjectNode body = envelope();
        ((ObjectNode) body.get("header")).put("message_id", messageId);
        return body;
    }
}
