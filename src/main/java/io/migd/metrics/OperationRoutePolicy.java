package io.migd.metrics;

import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.migd.invoke.ProviderFailures;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Observes every operation route ({@code op-*}) and binding route ({@code bind-*}) without a step in any of them: when
 * an operation route finishes, its call is counted per binding, its error (if any) counted by code, and its access
 * line logged. A binding route counts the errors it raised itself (e.g. a body that is not JSON), which no operation
 * route saw. The operation name is the route id without {@code op-} / {@code bind-<binding>-}, so labels stay bounded.
 */
public final class OperationRoutePolicy extends RoutePolicySupport implements RoutePolicyFactory {

    private static final String COUNTED = "migdErrorCounted";

    private final OperationMetrics metrics;
    private final AccessLog accessLog;

    public OperationRoutePolicy(OperationMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return routeId != null && (routeId.startsWith("op-") || routeId.startsWith("bind-")) ? this : null;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
        if (call != null && call.operation() == null && route.getRouteId().startsWith("op-")) {
            call.operation(operationOf(route.getRouteId()));
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        String routeId = route.getRouteId();
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        MigCall call = exchange.getProperty(MigCall.PROPERTY, MigCall.class);
        if (routeId.startsWith("op-")) {
            String operation = operationOf(routeId);
            MigException error = failure == null ? null : migError(failure);
            if (error != null) {
                metrics.error(error.code(), operation);
                exchange.setProperty(COUNTED, true);
            }
            if (call != null) {
                metrics.request(call.binding(), operation, error == null);
                accessLog.log(call, operation, error == null ? "ok" : error.code().name(), call.elapsedMillis());
            }
        } else {
            if (failure != null && !exchange.getProperty(COUNTED, false, Boolean.class)) {
                metrics.error(migError(failure).code(), operationOf(routeId));
            }
            // the binding's exchange is over: what this thread logs next is not this call's
            LogContext.clear();
        }
    }

    /** {@code op-invoke} → {@code invoke}; {@code bind-http-admin-connections} → {@code admin-connections}. */
    public static String operationOf(String routeId) {
        if (routeId.startsWith("op-")) {
            return routeId.substring(3);
        }
        String rest = routeId.substring("bind-".length());
        int dash = rest.indexOf('-');
        return dash < 0 ? rest : rest.substring(dash + 1);
    }

    private static MigException migError(Throwable failure) {
        Throwable cause = ProviderFailures.unwrap(failure);
        // the binding logs unexpected failures when it answers them; counting must not log them twice
        return cause instanceof MigException mig ? mig
                : new MigException(io.migd.envelope.MigErrorCode.MIG_INTERNAL, "internal error");
    }
}
