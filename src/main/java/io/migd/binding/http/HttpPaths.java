package io.migd.binding.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Route templates as the bindings write them ({@code /invoke/{capability}}) and as the Vert.x router takes them. */
public final class HttpPaths {

    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");

    private HttpPaths() {
    }

    /**
     * Puts {@code handler} on every embedded platform-http router for {@code method} and the route template, at
     * {@code order} (ahead of platform-http's own routes when negative); the routes are returned for removal.
     */
    public static List<Route> register(CamelContext camelContext, String scheme, String method, String template,
                                       int order, Handler<RoutingContext> handler) {
        var routers = camelContext.getRegistry().findByType(VertxPlatformHttpRouter.class);
        if (routers.isEmpty()) {
            throw new IllegalStateException(scheme + " needs the embedded platform-http Vert.x server");
        }
        List<Route> routes = new ArrayList<>();
        for (VertxPlatformHttpRouter router : routers) {
            routes.add(router.route(HttpMethod.valueOf(method), toVertx(template)).order(order).handler(handler));
        }
        return routes;
    }

    /** {@code /a/{b}} → {@code /a/:b}. */
    public static String toVertx(String template) {
        return PARAM.matcher(template).replaceAll(":$1");
    }
}
