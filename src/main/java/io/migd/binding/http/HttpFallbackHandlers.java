package io.migd.binding.http;

import io.migd.envelope.Json;
import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigErrors;
import io.migd.envelope.MigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.HttpEndpointModel;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the embedded HTTP server answers outside the binding routes, in the MIG error envelope instead of Vert.x's
 * plain-text pages: unknown paths (404), known paths with another method (405), bodies over the limit (413) and any
 * failure before a route runs.
 */
public final class HttpFallbackHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(HttpFallbackHandlers.class);

    private final CamelContext camelContext;
    private final ReadDeadlines readDeadlines;

    public HttpFallbackHandlers(CamelContext camelContext, long readTimeoutMillis) {
        this.camelContext = camelContext;
        this.readDeadlines = new ReadDeadlines(readTimeoutMillis);
    }

    /** Installs the handlers on the platform-http router; a no-op where migd is embedded without that server. */
    public void install() {
        var routers = camelContext.getRegistry().findByType(VertxPlatformHttpRouter.class);
        if (routers.isEmpty()) {
            LOG.debug("no platform-http Vert.x router; HTTP fallbacks not installed");
        }
        for (VertxPlatformHttpRouter router : routers) {
            router.route().order(Integer.MIN_VALUE).handler(readDeadlines::watch);
            router.route().last().handler(this::noRoute);
            router.route().failureHandler(this::failure);
        }
    }

    private void noRoute(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String method = ctx.request().method().name();
        String allowed = allowedMethods(path);
        MigException error;
        if (allowed != null) {
            ctx.response().putHeader("Allow", allowed);
            error = new MigException(MigErrorCode.MIG_INVALID_REQUEST, method + " is not supported on this path",
                    Map.of("method", method, "allowed", allowed), MigException.Refinement.METHOD_NOT_ALLOWED);
        } else {
            error = new MigException(MigErrorCode.MIG_NOT_FOUND, "no such endpoint",
                    Map.of("method", method));
        }
        respond(ctx, error);
    }

    private void failure(RoutingContext ctx) {
        MigException error;
        if (ctx.statusCode() == 413) {
            error = new MigException(MigErrorCode.MIG_INVALID_REQUEST, "request body exceeds the gateway limit",
                    Map.of(), MigException.Refinement.PAYLOAD_TOO_LARGE);
        } else if (ctx.failure() != null) {
            error = MigErrors.toMig(ctx.failure());
        } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            error = MigException.invalid("the request could not be processed (HTTP " + ctx.statusCode() + ")");
        } else {
            error = new MigException(MigErrorCode.MIG_INTERNAL, "internal error");
        }
        respond(ctx, error);
    }

    private static void respond(RoutingContext ctx, MigException error) {
        if (ctx.response().headWritten() || ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response()
                .setStatusCode(HttpErrorEncoder.status(error))
                .putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(Json.write(MigErrors.envelope(null, error))));
    }

    /** The methods the binding routes accept on {@code path}, or null when no route has that path. */
    private String allowedMethods(String path) {
        PlatformHttpComponent component = camelContext.getComponent("platform-http", PlatformHttpComponent.class);
        if (component == null) {
            return null;
        }
        StringBuilder allowed = new StringBuilder();
        for (HttpEndpointModel model : component.getHttpEndpoints()) {
            if (template(model.getUri()).matcher(path).matches()) {
                String verbs = model.getVerbs() == null ? "GET,POST" : model.getVerbs();
                Arrays.stream(verbs.split(",")).map(v -> v.trim().toUpperCase(Locale.ROOT))
                        .filter(v -> !v.isEmpty() && allowed.indexOf(v) < 0)
                        .forEach(v -> allowed.append(allowed.length() == 0 ? "" : ", ").append(v));
            }
        }
        return allowed.length() == 0 ? null : allowed.toString();
    }

    private static Pattern template(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        StringBuilder regex = new StringBuilder();
        for (String part : path.split("(?=\\{)|(?<=\\})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
