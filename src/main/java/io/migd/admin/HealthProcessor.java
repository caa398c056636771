package io.migd.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigHeader;
import io.migd.ops.BindingCatalog;
import io.migd.ops.FeatureCatalog;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.function.Supplier;

/**
 * {@code GET /admin/v0.1/health}: what runs and what it depends on. {@code status} is {@code ok}, or {@code degraded}
 * when a configured dependency (NATS) is unreachable; the gateway keeps serving what does not need it.
 */
public final class HealthProcessor implements Processor {

    private final FeatureCatalog features;
    private final BindingCatalog bindings;
    private final Supplier<ObjectNode> nats;

    public HealthProcessor(FeatureCatalog features, BindingCatalog bindings, Supplier<ObjectNode> nats) {
        this.features = features;
        this.bindings = bindings;
        this.nats = nats;
    }

    @Override
    public void process(Exchange exchange) {
        ObjectNode natsStatus = nats.get();
        boolean degraded = natsStatus.path("configured").asBoolean() && !natsStatus.path("connected").asBoolean();
        ObjectNode response = Json.object();
        response.put("status", degraded ? "degraded" : "ok");
        response.put("generated_at", MigHeader.now());
        ArrayNode enabled = response.putArray("bindings");
        bindings.enabledBindings().forEach(enabled::add);
        ObjectNode conformance = response.putObject("conformance");
        features.conformance().forEach(conformance::put);
        response.set("nats", natsStatus);
        MigCall.of(exchange).response(response);
    }
}
