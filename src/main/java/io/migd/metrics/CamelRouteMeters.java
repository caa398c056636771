package io.migd.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StartupListener;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyNamingStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's per-route metrics ({@code camel_exchanges_total{routeId}}, {@code _succeeded}, {@code _failed},
 * {@code camel_route_policy_seconds}), under the names and tags camel-micrometer's route policy gives them, read from
 * the statistics Camel's management already keeps for every route (JMX, statistics level RoutesOnly).
 *
 * <p>camel-micrometer's route policy measured every exchange a second time and cost about 5 % of a call (a timer
 * sample and three formatted property names per exchange); these meters cost nothing until they are scraped. When JMX
 * is off there are no statistics to read, and the gateway uses the route policy instead. The timer has a count and a
 * sum (rates and mean latency); the route policy's decaying maximum has no counterpart in Camel's statistics.
 */
public final class CamelRouteMeters implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(CamelRouteMeters.class);

    private final MeterRegistry registry;
    private final String routeIdPrefix;
    private final MicrometerRoutePolicyNamingStrategy names = MicrometerRoutePolicyNamingStrategy.DEFAULT;
    // Micrometer holds a function meter's object weakly; the JMX clients the meters read live as long as this does
    private final List<ManagedRouteMBean> read = new CopyOnWriteArrayList<>();

    public CamelRouteMeters(MeterRegistry registry, String routeIdPrefix) {
        this.registry = registry;
        this.routeIdPrefix = routeIdPrefix;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the routes' statistics are read once every route has started
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (Route route : context.getRoutes()) {
            if (!route.getRouteId().startsWith(routeIdPrefix)) {
                continue;
            }
            ManagedRouteMBean stats = managed == null ? null : managed.getManagedRoute(route.getRouteId());
            if (stats == null) {
                LOG.warn("no management statistics for route {}: its camel_* route metrics are not exported",
                        route.getRouteId());
                continue;
            }
            read.add(stats);
            bind(route, stats);
        }
    }

    private void bind(Route route, ManagedRouteMBean stats) {
        Tags tags = names.getExchangeStatusTags(route);
        counter(names.getExchangesTotalName(route), "Total number of processed exchanges", tags, stats,
                s -> s.getExchangesTotal());
        counter(names.getExchangesSucceededName(route), "Number of successfully completed exchanges", tags, stats,
                s -> s.getExchangesCompleted());
        counter(names.getExchangesFailedName(route), "Number of failed exchanges", tags, stats,
                s -> s.getExchangesFailed());
        counter(names.getFailuresHandledName(route), "Number of failures handled", tags, stats,
                s -> s.getFailuresHandled());
        counter(names.getExternalRedeliveriesName(route),
                "Number of external initiated redeliveries (such as from JMS broker)", tags, stats,
                s -> s.getExternalRedeliveries());
        Tags timerTags = names.getTags(route);
        FunctionTimer.builder(names.getName(route), stats,
                        s -> s.getExchangesCompleted() + s.getExchangesFailed(),
                        s -> s.getTotalProcessingTime(), TimeUnit.MILLISECONDS)
                .tags(timerTags).description("Route performance metrics").register(registry);
    }

    private void counter(String name, String description, Tags tags, ManagedRouteMBean stats,
                         ToDoubleFunction<ManagedRouteMBean> value) {
        FunctionCounter.builder(name, stats, value).tags(tags).description(description).register(registry);
    }
}
