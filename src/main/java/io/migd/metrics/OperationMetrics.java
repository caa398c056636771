package io.migd.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.migd.envelope.MigErrorCode;

/**
 * Per-operation counters: {@code mig_gateway_errors_total{code,operation}} for every MIG error answered, and
 * {@code mig_gateway_binding_requests_total{binding,operation,result}} for every operation call per binding. Codes,
 * operations (route ids) and bindings are closed sets, so the label values are bounded.
 */
public final class OperationMetrics {

    public static final String ERRORS = "mig_gateway_errors_total";
    public static final String BINDING_REQUESTS = "mig_gateway_binding_requests_total";

    private final MeterRegistry meters;

    public OperationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void error(MigErrorCode code, String operation) {
        meters.counter(ERRORS, "code", code.name(), "operation", operation == null ? "unknown" : operation)
                .increment();
    }

    public void request(String binding, String operation, boolean ok) {
        meters.counter(BINDING_REQUESTS, "binding", binding == null ? "unknown" : binding,
                "operation", operation, "result", ok ? "ok" : "error").increment();
    }
}
