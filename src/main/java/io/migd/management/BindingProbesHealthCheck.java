package io.migd.management;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.Set;

/**
 * Readiness check {@code migd/bindings}: DOWN while any {@link BindingProbe} in the registry reports down. With no
 * probe registered (HTTP only) it is UP: the HTTP binding's own health is the routes' health.
 */
public final class BindingProbesHealthCheck extends AbstractHealthCheck {

    public BindingProbesHealthCheck() {
        super("migd", "bindings");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Set<BindingProbe> probes = getCamelContext().getRegistry().findByType(BindingProbe.class);
        boolean up = true;
        for (BindingProbe probe : probes) {
            boolean probeUp = probe.isUp();
            up &= probeUp;
            builder.detail(probe.name() + ".up", probeUp);
            probe.details().forEach((key, value) -> builder.detail(probe.name() + "." + key, value));
        }
        builder.detail("probes", probes.size());
        if (up) {
            builder.up();
        } else {
            builder.down().message("a binding is not ready");
        }
    }
}
