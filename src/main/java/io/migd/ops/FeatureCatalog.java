package io.migd.ops;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The features HELLO can grant and the conformance levels health reports, each tied to the routes that provide it,
 * so what is advertised is what is running.
 */
public final class FeatureCatalog {

    private final BindingCatalog bindings;
    private final Map<String, List<String>> featureRoutes;
    private final Map<String, List<String>> levelRoutes;

    /**
     * @param featureRoutes feature name → route ids that must be started for it
     * @param levelRoutes   conformance level (core, streaming, evented) → route ids
     */
    public FeatureCatalog(BindingCatalog bindings, Map<String, List<String>> featureRoutes,
                          Map<String, List<String>> levelRoutes) {
        this.bindings = bindings;
        this.featureRoutes = Map.copyOf(featureRoutes);
        this.levelRoutes = Map.copyOf(levelRoutes);
    }

    public Set<String> supportedFeatures() {
        Set<String> out = new TreeSet<>();
        // several features share a route (op-invoke): each route's status is looked up once per HELLO
        Map<String, Boolean> started = new HashMap<>();
        featureRoutes.forEach((feature, routes) -> {
            if (routes.stream().allMatch(id -> started.computeIfAbsent(id, bindings::isStarted))) {
                out.add(feature);
            }
        });
        return out;
    }

    /** {@code core}, {@code streaming}, {@code evented} and {@code full} (all three). */
    public Map<String, Boolean> conformance() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        boolean all = true;
        for (String level : List.of("core", "streaming", "evented")) {
            boolean on = bindings.allStarted(levelRoutes.getOrDefault(level, List.of()));
            out.put(level, on);
            all &= on;
        }
        out.put("full", all);
        return out;
    }
}
