package io.migd.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.connections.ConnectionRegistry;

import java.util.List;

/** {@code mig_gateway_active_streams{type}}: the open long-lived connections per kind, read off the registry. */
public final class ActiveStreamsGauge {

    public static final String NAME = "mig_gateway_active_streams";
    /** The connection kinds of the seed guide (§9); the label set is this fixed list. */
    public static final List<String> KINDS = List.of("sse_subscribe", "ws_stream", "stream_invoke", "event_subscribe");

    private ActiveStreamsGauge() {
    }

    public static void register(MeterRegistry meters, ConnectionRegistry connections) {
        for (String kind : KINDS) {
            Gauge.builder(NAME, connections, c -> c.count(kind)).tag("type", kind)
                    .description("open long-lived connections by kind").register(meters);
        }
    }
}
