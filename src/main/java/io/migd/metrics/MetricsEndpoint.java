package io.migd.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code GET /metrics}: the Prometheus text exposition of the gateway's registry; 404 when metrics are disabled. */
public final class MetricsEndpoint implements Processor {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final boolean enabled;

    public MetricsEndpoint(PrometheusMeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    @Override
    public void process(Exchange exchange) {
        if (!enabled) {
            throw new MigException(MigErrorCode.MIG_NOT_FOUND, "metrics are disabled (MIGD_ENABLE_METRICS=false)",
                    Map.of());
        }
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        message.setHeader("Cache-Control", "no-store");
        message.setBody(registry.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
