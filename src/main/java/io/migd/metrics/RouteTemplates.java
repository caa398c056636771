package io.migd.metrics;

import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The route template a request was served by ({@code /mig/v0.1/invoke/{capability}}), never its raw path: the label
 * of the HTTP metrics. The router's matched route gives it; a request answered by a fallback (405, 413, a failure) is
 * matched against the known endpoint templates; anything else is {@code unmatched}. Bounded by the routes.
 */
public final class RouteTemplates {

    public static final String UNMATCHED = "unmatched";

    private record Template(Pattern pattern, String template) {
    }

    private final CamelContext camelContext;
    /** Vert.x route path → template: one entry per route, computed once. */
    private final Map<String, String> routeTemplates = new ConcurrentHashMap<>();
    private volatile List<Template> templates = List.of();
    private volatile int knownEndpoints = -1;

    public RouteTemplates(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public String of(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        String path = route == null ? null : route.getPath();
        if (path != null && !path.isEmpty()) {
            return routeTemplates.computeIfAbsent(path, RouteTemplates::toTemplate);
        }
        String requested = ctx.normalizedPath();
        for (Template t : templates()) {
            if (t.pattern().matcher(requested).matches()) {
                return t.template();
            }
        }
        return UNMATCHED;
    }

    /** Vert.x {@code /a/:b} → {@code /a/{b}}. */
    static String toTemplate(String vertxPath) {
        return vertxPath.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
    }

    private List<Template> templates() {
        PlatformHttpComponent component = camelContext.getComponent("platform-http", PlatformHttpComponent.class);
        if (component == null) {
            return List.of();
        }
        Set<HttpEndpointModel> endpoints = component.getHttpEndpoints();
        int size = endpoints.size() + component.getHttpManagementEndpoints().size();
        if (size != knownEndpoints) {
            List<Template> built = new ArrayList<>();
            endpoints.forEach(model -> built.add(compile(model.getUri())));
            component.getHttpManagementEndpoints().forEach(model -> built.add(compile(model.getUri())));
            templates = List.copyOf(built);
            knownEndpoints = size;
        }
        return templates;
    }

    private static Template compile(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return new Template(Pattern.compile(regex.toString()), path);
    }
}
