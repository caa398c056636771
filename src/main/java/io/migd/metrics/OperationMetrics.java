package io.migd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.migd.envelope.MigErrorCode;

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

    private record Key(String name, String a, String b, String c) {
    }

    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    public void error(MigErrorCode code, String operation) {
        String op = operation == null ? "unknown" : operation;
        counter(new Key(ERRORS, code.name(), op, null), "code", code.name(), "operation", op).increment();
    }

    public void request(String binding, String operation, boolean ok) {
        String b = binding == null ? "unknown" : binding;
        String result = ok ? "ok" : "error";
        counter(new Key(BINDING_REQUESTS, b, operation, result), "binding", b, "operation", operation,
                "result", result).increment();
    }

    /** The registry's lookup builds and sorts tags on every call; a bounded label set is looked up once. */
    private Counter counter(Key key, String... tags) {
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key, k -> meters.counter(k.name(), tags));
    }
}
