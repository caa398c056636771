package io.migd.conformance;

import io.migd.ops.FeatureCatalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /admin/v0.1/health/conformance}: a level is true when it is enabled — its binding and operation routes
 * are started, read live from Camel — and passing — the gateway's own conformance checks of that level passed in a
 * recent run ({@link SelfConformance}). {@code full} is all three. With self-checks disabled, enabled alone counts.
 */
public final class ConformanceHealth {

    private final FeatureCatalog features;
    private final SelfConformance self;

    public ConformanceHealth(FeatureCatalog features, SelfConformance self) {
        this.features = features;
        this.self = self;
    }

    public Map<String, Boolean> report() {
        Map<String, Boolean> enabled = features.conformance();
        Map<String, Boolean> passing = self.enabled() && enabled.containsValue(true) ? self.passing() : null;
        Map<String, Boolean> out = new LinkedHashMap<>();
        boolean all = true;
        for (String level : ConformanceSuite.LEVELS) {
            boolean on = enabled.getOrDefault(level, false)
                    && (passing == null || passing.getOrDefault(level, false));
            out.put(level, on);
            all &= on;
        }
        out.put("full", all);
        return out;
    }
}
