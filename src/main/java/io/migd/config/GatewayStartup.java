package io.migd.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.auth.Authenticator;
import io.migd.binding.http.HttpFallbackHandlers;
import io.migd.capability.CapabilityDeclaration;
import io.migd.capability.CapabilityRegistration;
import io.migd.capability.CapabilityRegistry;
import io.migd.capability.SchemaRegistry;
import io.migd.envelope.Json;
import io.migd.invoke.RouteProvider;
import io.migd.auth.AuthDecisions;
import io.migd.management.BindingProbesHealthCheck;
import io.migd.management.ManagementGuard;
import io.migd.metrics.HttpMetricsHandler;
import io.migd.metrics.RouteTemplates;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheckRegistry;
import io.migd.ops.BindingCatalog;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What happens once the route files are loaded: capabilities declared in them and the schemas under schemas/ are
 * registered before the routes start; once everything runs, the HTTP fallbacks go in and one line says what started.
 */
final class GatewayStartup implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.migd");

    private final MigdSettings settings;
    private final CapabilityRegistry capabilities;
    private final SchemaRegistry schemas;
    private final BindingCatalog bindings;
    private final Authenticator authenticator;

    GatewayStartup(MigdSettings settings, CapabilityRegistry capabilities, SchemaRegistry schemas,
                   BindingCatalog bindings, Authenticator authenticator) {
        this.settings = settings;
        this.capabilities = capabilities;
        this.schemas = schemas;
        this.bindings = bindings;
        this.authenticator = authenticator;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        if (alreadyStarted) {
            return;
        }
        loadSchemas(context);
        declareCapabilities(context);
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        new HttpFallbackHandlers(context, settings.httpReadTimeoutMs()).install();
        installRouterHandlers(context);
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new BindingProbesHealthCheck());
        }
        LOG.info("migd listening on http://{} auth={} bindings={} capabilities={} routes={}",
                settings.httpAddress(), authenticator.mode(), bindings.enabledBindings(), capabilities.size(),
                bindings.routeSources());
    }

    /** HTTP metrics for every request, and the admin guard on Camel's developer console in JWT mode. */
    private void installRouterHandlers(CamelContext context) {
        MeterRegistry meters = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        AuthDecisions decisions = context.getRegistry().lookupByNameAndType("authDecisions", AuthDecisions.class);
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (settings.metricsEnabled() && meters != null) {
                router.route().order(Integer.MIN_VALUE)
                        .handler(new HttpMetricsHandler(meters, new RouteTemplates(context)));
            }
            if (!authenticator.mode().equals("none")) {
                router.routeWithRegex(ManagementGuard.PATH_REGEX).order(Integer.MIN_VALUE + 1)
                        .handler(new ManagementGuard(authenticator, decisions));
            }
        }
    }

    private void declareCapabilities(CamelContext context) {
        Map<String, CapabilityDeclaration> declared = context.getRegistry()
                .findByTypeWithName(CapabilityDeclaration.class);
        Executor workers = context.getRegistry().lookupByNameAndType("capabilityWorkers", Executor.class);
        for (CapabilityDeclaration declaration : declared.values()) {
            String provider = declaration.getProvider();
            capabilities.declare(new CapabilityRegistration(declaration.toDescriptor(),
                    provider == null ? null : new RouteProvider(context, provider, declaration.getStreamProvider(),
                            declaration.isNonBlocking() ? null : workers),
                    CapabilityRegistration.FROM_ROUTES, provider));
        }
    }

    private void loadSchemas(CamelContext context) throws Exception {
        String location = settings.schemasLocation();
        Collection<Resource> files = new ArrayList<>();
        if (location.startsWith("classpath:")) {
            for (String file : BundledFiles.list(location.substring("classpath:".length()), ".json")) {
                files.add(PluginHelper.getResourceLoader(context).resolveResource(file));
            }
        } else {
            files.addAll(PluginHelper.getPackageScanResourceResolver(context).findResources(location + "/**/*.json"));
        }
        for (Resource file : files) {
            try (InputStream in = file.getInputStream()) {
                ObjectNode entry = Json.parseObject(in.readAllBytes(), file.getLocation());
                JsonNode uri = entry.get("uri");
                if (uri == null || !uri.isTextual()) {
                    throw new IllegalStateException(file.getLocation() + ": a schema file is {\"uri\": ..., \"schema\": {...}}");
                }
                schemas.register(uri.asText(), entry.get("schema"));
            }
        }
        LOG.debug("loaded {} schemas from {}", files.size(), location);
    }
}
