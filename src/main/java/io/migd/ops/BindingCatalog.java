package io.migd.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this gateway has enabled, read off its running routes rather than configured twice: a binding is enabled
 * when a route with id {@code bind-<binding>-...} is started.
 */
public final class BindingCatalog {

    public static final List<String> HELLO_BINDINGS = List.of("grpc", "nats", "http");

    private final CamelContext camelContext;
    private final java.util.Map<String, java.util.function.BooleanSupplier> liveness =
            new java.util.concurrent.ConcurrentHashMap<>();

    public BindingCatalog(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    /** A binding whose routes may run while its transport is down (NATS): it counts as enabled only while live. */
    public void liveness(String binding, java.util.function.BooleanSupplier live) {
        liveness.put(binding, live);
    }

    public Set<String> enabledBindings() {
        Set<String> out = new TreeSet<>();
        // a binding is enabled as soon as one of its routes is started: a few status lookups per HELLO, not one per route
        routesByBinding().forEach((binding, routeIds) -> {
            if (routeIds.stream().anyMatch(this::isStarted)
                    && (!liveness.containsKey(binding) || liveness.get(binding).getAsBoolean())) {
                out.add(binding);
            }
        });
        return out;
    }

    private record BindingRoutes(int routeCount, Map<String, List<String>> byBinding) {
    }

    private volatile BindingRoutes bindingRoutes = new BindingRoutes(-1, Map.of());

    /** The binding routes' ids by binding, rebuilt only when routes were added or removed. */
    private Map<String, List<String>> routesByBinding() {
        BindingRoutes known = bindingRoutes;
        int count = camelContext.getRoutesSize();
        if (known.routeCount() != count) {
            Map<String, List<String>> byBinding = new TreeMap<>();
            for (Route route : camelContext.getRoutes()) {
                String id = route.getRouteId();
                if (id.startsWith("bind-")) {
                    String rest = id.substring("bind-".length());
                    int dash = rest.indexOf('-');
                    byBinding.computeIfAbsent(dash < 0 ? rest : rest.substring(0, dash), b -> new ArrayList<>())
                            .add(id);
                }
            }
            known = new BindingRoutes(count, byBinding);
            bindingRoutes = known;
        }
        return known.byBinding();
    }

    public boolean isStarted(String routeId) {
        ServiceStatus status = camelContext.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    public boolean allStarted(List<String> routeIds) {
        return !routeIds.isEmpty() && routeIds.stream().allMatch(this::isStarted);
    }

    /** The locations of the route files the running routes came from. */
    public Set<String> routeSources() {
        Set<String> out = new TreeSet<>();
        for (Route route : camelContext.getRoutes()) {
            if (route.getSourceResource() != null) {
                out.add(route.getSourceResource().getLocation());
            }
        }
        return new LinkedHashSet<>(out);
    }
}
