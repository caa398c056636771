package io.migd.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;

/**
 * One invocation outcome (mig-spec §10): who, which tenant, which capability, how it ended, when, and the ids that
 * tie it to the request, its trace and its binding.
 */
public record AuditRecord(String timestamp, String actor, String tenantId, String capability, String outcome,
                          String messageId, String traceparent, String binding, long durationMs) {

    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("timestamp", timestamp);
        json.put("actor", actor);
        json.put("tenant_id", tenantId);
        json.put("capability", capability);
        json.put("outcome", outcome);
        json.put("message_id", messageId);
        json.put("traceparent", traceparent);
        json.put("binding", binding);
        json.put("duration_ms", durationMs);
        return json;
    }
}
