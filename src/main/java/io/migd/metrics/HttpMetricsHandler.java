package io.migd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code mig_gateway_http_requests_total{method,path,status}} and
 * {@code mig_gateway_http_request_duration_seconds{method,path,status}}, measured on the Vert.x router itself: it sees
 * every HTTP request — binding routes, SSE streams, the fallbacks that answer 404/405/413 outside any Camel route,
 * the management endpoints — and times it to the last byte written. {@code path} is the route template.
 */
public final class HttpMetricsHandler implements Handler<RoutingContext> {

    public static final String REQUESTS = "mig_gateway_http_requests_total";
    public static final String DURATION = "mig_gateway_http_request_duration";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private record Meters(Counter requests, Timer duration) {
    }

    private final MeterRegistry registry;
    private final RouteTemplates templates;
    private record Key(String method, String path, String status) {
    }

    private final Map<Key, Meters> cache = new ConcurrentHashMap<>();

    public HttpMetricsHandler(MeterRegistry registry, RouteTemplates templates) {
        this.registry = registry;
        this.templates = templates;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long started = System.nanoTime();
        ctx.addEndHandler(done -> record(ctx, System.nanoTime() - started));
        ctx.next();
    }

    private void record(RoutingContext ctx, long nanos) {
        String method = ctx.request().method().name();
        if (!METHODS.contains(method)) {
            method = "OTHER";
        }
        HttpServerResponse response = ctx.response();
        String status = response.headWritten() ? Integer.toString(response.getStatusCode()) : "none";
        String path = templates.of(ctx);
        Meters meters = cache.computeIfAbsent(new Key(method, path, status), this::create);
        meters.requests().increment();
        meters.duration().record(nanos, TimeUnit.NANOSECONDS);
    }

    private Meters create(Key key) {
        String[] tags = {"method", key.method(), "path", key.path(), "status", key.status()};
        return new Meters(registry.counter(REQUESTS, tags),
                Timer.builder(DURATION).tags(tags)
                        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                                Duration.ofSeconds(5), Duration.ofSeconds(10))
                        .register(registry));
    }
}
