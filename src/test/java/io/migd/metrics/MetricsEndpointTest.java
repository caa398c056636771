package io.migd.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsEndpointTest {

    @Test
    void servesThePrometheusTextOrIsNotFoundWhenDisabled() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new OperationMetrics(registry).error(MigErrorCode.MIG_TIMEOUT, "invoke");
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        new MetricsEndpoint(registry, true).process(exchange);
        assertEquals(MetricsEndpoint.CONTENT_TYPE, exchange.getMessage().getHeader(Exchange.CONTENT_TYPE));
        String text = new String(exchange.getMessage().getBody(byte[].class), StandardCharsets.UTF_8);
        assertTrue(text.contains("mig_gateway_errors_total{code=\"MIG_TIMEOUT\",operation=\"invoke\"} 1.0"), text);

        MigException disabled = assertThrows(MigException.class,
                () -> new MetricsEndpoint(registry, false).process(new DefaultExchange(new DefaultCamelContext())));
        assertEquals(MigErrorCode.MIG_NOT_FOUND, disabled.code());
    }
}
