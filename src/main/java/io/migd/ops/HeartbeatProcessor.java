package io.migd.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.invoke.InFlightRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * mig-spec §5.7 HEARTBEAT. The suggested interval is the client's own, kept within [min, max]; the load factor is
 * the share of the in-flight capacity in use right now.
 */
public final class HeartbeatProcessor implements Processor {

    private final InFlightRegistry inFlight;
    private final long defaultIntervalMs;
    private final long minIntervalMs;
    private final long maxIntervalMs;

    public HeartbeatProcessor(InFlightRegistry inFlight, long defaultIntervalMs, long minIntervalMs,
                              long maxIntervalMs) {
        this.inFlight = inFlight;
        this.defaultIntervalMs = defaultIntervalMs;
        this.minIntervalMs = minIntervalMs;
        this.maxIntervalMs = maxIntervalMs;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        long suggested = defaultIntervalMs;
        JsonNode interval = call.request().get("interval_ms");
        if (interval != null && !interval.isNull()) {
            if (!interval.isIntegralNumber() || !interval.canConvertToLong() || interval.asLong() < 0) {
                throw MigException.invalidField("interval_ms", "must be a non-negative integer");
            }
            if (interval.asLong() > 0) {
                suggested = Math.min(maxIntervalMs, Math.max(minIntervalMs, interval.asLong()));
            }
        }
        ObjectNode response = Json.object();
        response.put("suggested_interval_ms", suggested);
        response.put("load_factor", inFlight.loadFactor());
        call.response(response);
    }
}
