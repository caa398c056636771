package io.migd.management;

import java.util.Map;

/**
 * A binding's view of its own readiness — the hook for bindings with an outside dependency (the NATS binding's
 * connection, a gRPC server). Bind an implementation in the Camel registry; {@link BindingProbesHealthCheck} reports
 * every probe in the gateway's readiness check ({@code /observe/health/ready}).
 */
public interface BindingProbe {

    /** Short, stable name, e.g. {@code nats}. */
    String name();

    boolean isUp();

    /** What an operator needs to see (server URL, last error); values must not contain secrets. */
    default Map<String, Object> details() {
        return Map.of();
    }
}
