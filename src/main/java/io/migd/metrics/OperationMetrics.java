package io.migd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.envelope.MigErrorCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public void error(MigErrorCode code, String operation) {
        counter(ERRORS, "code", code.name(), "operation", operation == null ? "unknown" : operation).increment();
    }

    public void request(String binding, String operation, boolean ok) {
        counter(BINDING_REQUESTS, "binding", binding == null ? "unknown" : binding,
                "operation", operation, "result", ok ? "ok" : "error").increment();
    }

    /** The registry's lookup builds and sorts tags on every call; a bounded label set is looked up once. */
    private Counter counter(String name, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return counters.computeIfAbsent(key, k -> meters.counter(name, tags));
    }
}
