package io.migd.outcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code mig_gateway_invocations_total{capability,outcome,binding}} and the invocation duration. The capability label
 * is a registered capability id (the registry bounds it) or {@code unregistered}; outcomes are a closed set.
 */
public final class InvocationMetrics {

    public static final String INVOCATIONS = "mig_gateway_invocations_total";
    public static final String DURATION = "mig_gateway_invocation_duration";
    public static final String UNREGISTERED = "unregistered";

    private final MeterRegistry meters;

    public InvocationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Looked up once per label set (the registry's lookup builds and sorts tags on every call). */
    private final Map<List<String>, Counter> counts = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> durations = new ConcurrentHashMap<>();

    public void record(String capability, String outcome, String binding, long durationMs) {
        String cap = capability == null ? UNREGISTERED : capability;
        String bind = binding == null ? "unknown" : binding;
        counts.computeIfAbsent(List.of(cap, outcome, bind), k -> meters.counter(INVOCATIONS,
                "capability", cap, "outcome", outcome, "binding", bind)).increment();
        durations.computeIfAbsent(List.of(cap, bind), k -> Timer.builder(DURATION).tags("capability", cap, "binding", bind)
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30))
                .register(meters)).record(durationMs, TimeUnit.MILLISECONDS);
    }
}
