package io.migd.connections;

import java.util.Map;

/** One long-lived connection (SSE subscriber, WebSocket, gRPC stream) as the admin connections view shows it. */
public record Connection(String id, String protocol, String kind, String tenantId, String actor, String remoteAddr,
                         String startedAt, Map<String, String> meta) {
}
