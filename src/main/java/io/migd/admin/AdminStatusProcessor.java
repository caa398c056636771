package io.migd.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthorizeAdminProcessor;
import io.migd.connections.Connection;
import io.migd.connections.ConnectionRegistry;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigHeader;
import io.migd.ops.BindingCatalog;
import io.migd.conformance.ConformanceHealth;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Read-only admin views: conformance health (enabled and passing) and the connections registry (seed USER-GUIDE §9). */
public final class AdminStatusProcessor {

    private final ConformanceHealth conformance;
    private final BindingCatalog bindings;
    private final ConnectionRegistry connections;
    private final AuthDecisions decisions;

    public AdminStatusProcessor(ConformanceHealth conformance, BindingCatalog bindings, ConnectionRegistry connections,
                                AuthDecisions decisions) {
        this.conformance = conformance;
        this.bindings = bindings;
        this.connections = connections;
        this.decisions = decisions;
    }

    public void conformance(Exchange exchange) {
        ObjectNode response = Json.object();
        conformance.report().forEach(response::put);
        MigCall.of(exchange).response(response);
    }

    public void connections(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String tenant = AuthorizeAdminProcessor.ownTenant(call, call.query("tenant_id"), decisions);
        List<Connection> list = connections.list(tenant, call.query("kind"), call.query("protocol"));
        ObjectNode response = Json.object();
        response.put("generated_at", MigHeader.now());
        ObjectNode summary = response.putObject("summary");
        summary.put("total", list.size());
        summary.set("by_protocol", countBy(list, Connection::protocol));
        summary.set("by_kind", countBy(list, Connection::kind));
        summary.set("by_tenant", countBy(list, Connection::tenantId));
        summary.put("nats_binding_active", bindings.enabledBindings().contains("nats"));
        ArrayNode array = response.putArray("connections");
        for (Connection c : list) {
            ObjectNode item = array.addObject();
            item.put("id", c.id());
            item.put("protocol", c.protocol());
            item.put("kind", c.kind());
            item.put("tenant_id", c.tenantId());
            item.put("actor", c.actor());
            item.put("remote_addr", c.remoteAddr());
            item.put("started_at", c.startedAt());
            item.set("meta", Json.mapper().valueToTree(new TreeMap<>(c.meta())));
        }
        call.response(response);
    }

    private static ObjectNode countBy(List<Connection> list, Function<Connection, String> key) {
        Map<String, Integer> counts = new TreeMap<>();
        list.forEach(c -> counts.merge(String.valueOf(key.apply(c)), 1, Integer::sum));
        ObjectNode out = Json.object();
        counts.forEach(out::put);
        return out;
    }
}
