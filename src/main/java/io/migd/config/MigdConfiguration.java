package io.migd.config;

import io.migd.admin.AdminCapabilitiesProcessor;
import io.migd.admin.AdminSchemasProcessor;
import io.migd.admin.AdminStatusProcessor;
import io.migd.admin.ProviderFactory;
import io.migd.auth.AuthDecisions;
import io.migd.auth.AuthenticateProcessor;
import io.migd.auth.AuthorizeAdminProcessor;
import io.migd.auth.JwtAuthenticator;
import io.migd.auth.Authenticator;
import io.migd.auth.OpenModeAuthenticator;
import io.migd.auth.ResolveTenantProcessor;
import io.migd.binding.http.HttpErrorEncoder;
import io.migd.binding.http.HttpRequestDecoder;
import io.migd.binding.http.HttpResponseEncoder;
import io.migd.capability.CapabilityRegistry;
import io.migd.capability.CheckPayloadLimitProcessor;
import io.migd.capability.ResolveCapabilityProcessor;
import io.migd.capability.SchemaRegistry;
import io.migd.capability.ValidateInputProcessor;
import io.migd.capability.ValidateOutputProcessor;
import io.migd.connections.ConnectionRegistry;
import io.migd.binding.http.call.HttpCallComponent;
import io.migd.binding.http.sse.SseComponent;
import io.migd.binding.grpc.GrpcProcessors;
import io.migd.binding.grpc.GrpcServerHost;
import io.migd.binding.grpc.SharedPortGrpcComponent;
import io.migd.binding.ws.EventLoopWebsocketComponent;
import io.migd.binding.ws.WsConnections;
import io.migd.binding.ws.WsProcessors;
import io.migd.stream.CollectStreamProcessor;
import io.migd.stream.FrameComponent;
import io.migd.stream.ReadStreamFrameProcessor;
import io.migd.stream.StreamControlProcessor;
import io.migd.stream.StreamInvokeProcessor;
import io.migd.envelope.ParseEnvelopeProcessor;
import io.migd.events.EventComponent;
import io.migd.events.EventHub;
import io.migd.events.PublishProcessor;
import io.migd.events.SubscribeProcessor;
import io.migd.envelope.StampResponseHeaderProcessor;
import io.migd.invoke.ClaimIdempotencyProcessor;
import io.migd.invoke.DeadlineTimers;
import io.migd.invoke.EventLoopLaterExecutor;
import io.migd.invoke.IdempotencyStore;
import io.migd.invoke.InFlightRegistry;
import io.migd.invoke.InvokeProviderProcessor;
import io.migd.invoke.RecordIdempotencyProcessor;
import io.migd.ops.BindingCatalog;
import io.migd.ops.CancelProcessor;
import io.migd.ops.DiscoverProcessor;
import io.migd.ops.FeatureCatalog;
import io.migd.ops.HeartbeatProcessor;
import io.migd.ops.HelloProcessor;
import io.migd.audit.AuditFileSink;
import io.migd.audit.AuditLog;
import io.migd.audit.AuditTrail;
import io.migd.cloud.CloudDirectory;
import io.migd.cloud.CloudPlane;
import io.migd.conformance.ConformanceHealth;
import io.migd.conformance.SelfConformance;
import io.migd.console.ConsolePage;
import io.migd.metrics.AccessLog;
import io.migd.metrics.ActiveStreamsGauge;
import io.migd.metrics.CamelRouteMeters;
import io.migd.metrics.JvmMetrics;
import io.migd.metrics.LogContext;
import io.migd.metrics.MetricsEndpoint;
import io.migd.metrics.OperationMetrics;
import io.migd.metrics.OperationRoutePolicy;
import io.migd.outcome.InvocationMetrics;
import io.migd.outcome.InvocationOutcomes;
import io.migd.outcome.RecordOutcomeProcessor;
import io.migd.pro.PolicyEvaluator;
import io.migd.pro.ProPlane;
import io.migd.usage.EnforceQuotaProcessor;
import io.migd.usage.Quotas;
import io.migd.usage.UsageCounters;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the gateway's beans from {@link MigdSettings} and binds them under the names the route files use.
 * Independent of camel-main: another Camel application gets a working gateway by running this configuration and
 * loading the route files.
 */
public class MigdConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) {
        MigdSettings settings = MigdSettings.load(
                key -> camelContext.getPropertiesComponent().resolveProperty(key).orElse(null));
        Registry registry = camelContext.getRegistry();
        registry.bind("migdSettings", settings);
        if (!settings.cliConnector()) {
            // the Camel CLI (camel get routes, camel cmd stop-route) attaches through ~/.camel/<pid>* files, which hold
            // the resolved configuration (the JWT secret too); Camel starts it whenever the jar is on the classpath
            org.apache.camel.cli.connector.DefaultCliConnectorFactory off =
                    new org.apache.camel.cli.connector.DefaultCliConnectorFactory();
            off.setEnabled(false);
            camelContext.getCamelContextExtension().addContextPlugin(org.apache.camel.spi.CliConnectorFactory.class,
                    off);
        }
        // the WebSocket endpoint joins the HTTP server by binding the very same host:port
        camelContext.getPropertiesComponent().addOverrideProperty("migd.http.bind", settings.httpAddress());
        // the gRPC binding routes start only when MIGD_GRPC_ADDR is set
        camelContext.getPropertiesComponent().addOverrideProperty("migd.grpc.enabled",
                String.valueOf(settings.grpcEnabled()));
        camelContext.getPropertiesComponent().addOverrideProperty("migd.grpc.bind",
                settings.grpcEnabled() ? settings.grpcHost() + ":" + settings.grpcPort() : "127.0.0.1:1");

        // one Vert.x for the HTTP server, the WebSocket endpoint and upstream clients, so they share a port and loops
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(settings.httpWorkerThreads()));
        registry.bind("vertx", vertx);
        // capability routes that may block run here, off the event loops (unordered: calls are independent)
        Executor capabilityWorkers = task -> vertx.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        registry.bind("capabilityWorkers", capabilityWorkers);
        EventLoopLaterExecutor eventLoopLater = new EventLoopLaterExecutor(vertx);
        registry.bind("eventLoopLater", eventLoopLater);
        HttpClient upstreamClient = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000).setKeepAlive(true).setMaxPoolSize(128));
        closeOnStop(camelContext, vertx, upstreamClient);

        CapabilityRegistry capabilities = new CapabilityRegistry();
        SchemaRegistry schemas = new SchemaRegistry();
        InFlightRegistry inFlight = new InFlightRegistry(settings.maxInFlight(), settings.cancelRememberMs());
        IdempotencyStore idempotency = new IdempotencyStore(settings.idempotencyRetentionMs(),
                settings.idempotencyMaxEntries());
        ConnectionRegistry connections = new ConnectionRegistry();
        BindingCatalog bindings = new BindingCatalog(camelContext);
        FeatureCatalog features = new FeatureCatalog(bindings, featureRoutes(), conformanceRoutes());
        registry.bind("capabilityRegistry", capabilities);
        registry.bind("schemaRegistry", schemas);
        registry.bind("inFlightRegistry", inFlight);
        registry.bind("idempotencyStore", idempotency);
        registry.bind("connectionRegistry", connections);
        registry.bind("bindingCatalog", bindings);
        registry.bind("featureCatalog", features);

        EventHub events = new EventHub(settings.eventsRetainCount(), settings.eventsRetainMs(),
                settings.eventsMaxTopics(), settings.eventsMaxTopicsPerTenant(), settings.eventsSubscriberBuffer(),
                settings.eventsOverflowPolicy());
        registry.bind("eventHub", events);
        registry.bind(EventComponent.SCHEME, new EventComponent(events, eventLoopLater));
        SseComponent sse = new SseComponent();
        sse.setKeepaliveMillis(settings.sseKeepaliveMs());
        sse.setMaxBodyBytes(settings.maxBodyBytes());
        sse.setMaxQueuedFrames(settings.wsMaxQueuedFrames());
        registry.bind(SseComponent.SCHEME, sse);
        HttpCallComponent httpCalls = new HttpCallComponent();
        httpCalls.setMaxBodyBytes(settings.maxBodyBytes());
        registry.bind(HttpCallComponent.SCHEME, httpCalls);

        // the jq language of the capability routes, its function library loaded by the first jq expression that runs
        registry.bind("jq", new DeferredJqLanguage());

        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        AuthDecisions decisions = new AuthDecisions(meters);
        registry.bind("authDecisions", decisions);
        Authenticator authenticator = "jwt".equals(settings.authMode())
                ? new JwtAuthenticator(settings.jwtSecret(), settings.jwtClockSkewSeconds(),
                        settings.requireTenantHeader(), Clock.systemUTC())
                : new OpenModeAuthenticator();
        registry.bind("authenticator", authenticator);

        DeadlineTimers deadlines = new DeadlineTimers(camelContext.getExecutorServiceManager()
                .newScheduledThreadPool(this, "migd-deadlines", 1));

        // what follows from an invocation's outcome: usage, quotas, metrics, audit (mig-spec §5.3, §10)
        UsageCounters usage = new UsageCounters();
        Quotas quotas = new Quotas(usage);
        AuditLog auditLog = new AuditLog(settings.auditMaxRecords());
        AuditFileSink auditFile = openAuditFile(settings);
        closeOnStop(camelContext, auditFile);
        AuditTrail audit = new AuditTrail(auditLog, auditFile, meters);
        OperationMetrics operationMetrics = new OperationMetrics(meters);
        registry.bind("operationMetrics", operationMetrics);
        InvocationOutcomes outcomes = new InvocationOutcomes(audit, usage, new InvocationMetrics(meters),
                operationMetrics);
        ExecutorService auditAcks = camelContext.getExecutorServiceManager()
                .newFixedThreadPool(this, "migd-audit-ack", 2);
        registry.bind("usageCounters", usage);
        registry.bind("quotas", quotas);
        registry.bind("auditTrail", audit);
        camelContext.addRoutePolicyFactory(new OperationRoutePolicy(operationMetrics, new AccessLog()));
        ActiveStreamsGauge.register(meters, connections);
        if (settings.metricsEnabled()) {
            closeOnStop(camelContext, JvmMetrics.bind(meters));
            // Camel's per-route metrics for the operation routes (camel_exchanges_*{routeId="op-invoke"}); binding and
            // capability routes are counted by mig_gateway_binding_requests_total / mig_gateway_invocations_total
            if (jmxEnabled(camelContext)) {
                CamelRouteMeters camelRouteMeters = new CamelRouteMeters(meters, "op-");
                registry.bind("camelRouteMeters", camelRouteMeters);
                addStartupListener(camelContext, camelRouteMeters);
            } else {
                MicrometerRoutePolicyFactory routeMetrics = new MicrometerRoutePolicyFactory();
                routeMetrics.setMeterRegistry(meters);
                // the context-wide timer repeats the sum: each costs a timer and property writes per exchange
                MicrometerRoutePolicyConfiguration routeMetricsScope = new MicrometerRoutePolicyConfiguration();
                routeMetricsScope.setContextEnabled(false);
                routeMetricsScope.setExcludePattern("bind-*,cap-*");
                routeMetrics.setPolicyConfiguration(routeMetricsScope);
                camelContext.addRoutePolicyFactory(routeMetrics);
            }
        }

        // shared processors, in the order the operation routes use them
        registry.bind("parseEnvelope", new ParseEnvelopeProcessor());
        registry.bind("logContext", new LogContext());
        registry.bind("enforceQuota", new EnforceQuotaProcessor(quotas));
        registry.bind("recordOutcome", new RecordOutcomeProcessor(outcomes, auditAcks, 10_000));
        registry.bind("authenticate", new AuthenticateProcessor(authenticator, decisions));
        registry.bind("authorizeAdmin", new AuthorizeAdminProcessor(decisions));
        registry.bind("resolveTenant", new ResolveTenantProcessor(decisions));
        registry.bind("resolveCapability", new ResolveCapabilityProcessor(capabilities, decisions));
        registry.bind("checkPayloadLimit", new CheckPayloadLimitProcessor());
        registry.bind("validateInput", new ValidateInputProcessor(schemas));
        registry.bind("claimIdempotency", new ClaimIdempotencyProcessor(idempotency, settings.defaultDeadlineMs()));
        registry.bind("needsExecution", new io.migd.invoke.NeedsExecutionPredicate());
        registry.bind("invokeProvider", new InvokeProviderProcessor(inFlight, deadlines, settings.defaultDeadlineMs()));
        registry.bind("validateOutput", new ValidateOutputProcessor(schemas));
        registry.bind("recordIdempotency", new RecordIdempotencyProcessor(idempotency));
        registry.bind("invokeResponse", new io.migd.ops.InvokeResponseProcessor());
        registry.bind("helloOperation", new HelloProcessor(bindings, features, settings.serverId()));
        registry.bind("discoverOperation", new DiscoverProcessor(capabilities));
        registry.bind("cancelOperation", new CancelProcessor(inFlight));
        registry.bind("heartbeatOperation", new HeartbeatProcessor(inFlight, settings.heartbeatIntervalMs(),
                1_000L, 300_000L));
        registry.bind("publishEvent", new PublishProcessor(events));
        registry.bind("openSubscription", new SubscribeProcessor(events));
        registry.bind("stampResponseHeader", new StampResponseHeaderProcessor());
        registry.bind("readStreamFrame", new ReadStreamFrameProcessor());
        StreamInvokeProcessor streamInvoke = new StreamInvokeProcessor(inFlight, deadlines, schemas,
                settings.defaultDeadlineMs(), outcomes, settings.maxStreamsPerConnection());
        registry.bind("streamInvoke", streamInvoke);
        registry.bind("wantsServerStream", CollectStreamProcessor.wantsServerStream());
        registry.bind("collectStream", new CollectStreamProcessor(streamInvoke, settings.defaultDeadlineMs(),
                settings.wsMaxQueuedFrames()));
        registry.bind("streamControl", new StreamControlProcessor(inFlight));
        registry.bind(FrameComponent.SCHEME, new FrameComponent());

        // vertx-websocket: frames run on their socket's event loop, in order, instead of a worker each
        registry.bind(EventLoopWebsocketComponent.SCHEME, new EventLoopWebsocketComponent());
        WsProcessors ws = new WsProcessors(new WsConnections(), authenticator, decisions, connections, inFlight,
                meters, settings.wsMaxQueuedFrames());
        registry.bind("wsOpen", ws.open());
        registry.bind("wsClose", ws.close());
        registry.bind("wsFrameDecoder", ws.frame());
        registry.bind("wsErrorFrame", ws.error());

        GrpcServerHost grpcHost = new GrpcServerHost(settings.grpcHost(), settings.grpcPort());
        registry.bind("grpcServerHost", grpcHost);
        registry.bind("grpc", new SharedPortGrpcComponent(grpcHost));
        if (settings.grpcEnabled()) {
            stopOnShutdown(camelContext, grpcHost);
        } else {
            // no MIGD_GRPC_ADDR: nothing listens (the gRPC routes stay stopped); stopped with the context all the same
            closeOnStop(camelContext, grpcHost::stop);
        }
        GrpcProcessors grpc = new GrpcProcessors(connections, inFlight, settings.wsMaxQueuedFrames());
        registry.bind("grpcRequestDecoder", grpc.decoder());
        registry.bind("grpcResponseEncoder", grpc.encoder());
        registry.bind("grpcSubscription", grpc.subscription());
        registry.bind("grpcStreamEnd", grpc.streamEnd());
        registry.bind("grpcErrorReply", grpc.errors());

        registry.bind("adminCapabilities", new AdminCapabilitiesProcessor(capabilities,
                new ProviderFactory(settings.allowedEndpointSchemes(), upstreamClient, settings.maxBodyBytes())));
        registry.bind("adminSchemas", new AdminSchemasProcessor(schemas));
        SelfConformance selfConformance = new SelfConformance(settings, capabilities, connections);
        registry.bind("selfConformance", selfConformance);
        registry.bind("adminStatus", new AdminStatusProcessor(new ConformanceHealth(features, selfConformance),
                bindings, connections, decisions));

        // Pro and Cloud planes (mig-spec §9), the console and the metrics endpoint
        registry.bind("proPlane", new ProPlane(new PolicyEvaluator(capabilities, quotas), quotas, usage, auditLog,
                decisions));
        registry.bind("cloudPlane", new CloudPlane(new CloudDirectory(CLOUD_MAX_ENTRIES), usage, decisions));
        registry.bind("consolePage", new ConsolePage());
        registry.bind("metricsEndpoint", new MetricsEndpoint(meters, settings.metricsEnabled()));

        // NATS (mig-spec §8): the connection, mirroring and JetStream only when MIGD_NATS_URL is set
        registry.bind("adminHealth", new io.migd.admin.HealthProcessor(features, bindings,
                NatsBeans.bind(camelContext, settings, events, connections, bindings)));

        // HTTP binding codecs
        registry.bind("httpRequestDecoder", new HttpRequestDecoder());
        registry.bind("httpResponseEncoder", new HttpResponseEncoder());
        registry.bind("httpErrorEncoder", new HttpErrorEncoder());

        addStartupListener(camelContext, new GatewayStartup(settings, capabilities, schemas, bindings, authenticator));
    }

    /** Records of each kind the Cloud plane keeps at most. */
    static final int CLOUD_MAX_ENTRIES = 10_000;

    private static AuditFileSink openAuditFile(MigdSettings settings) {
        if (settings.auditLogPath().isEmpty()) {
            return null;
        }
        try {
            return AuditFileSink.open(Path.of(settings.auditLogPath()), settings.auditFsync());
        } catch (IOException e) {
            throw new MigdConfigException(MigdSettings.AUDIT_LOG_PATH.env() + " (" + MigdSettings.AUDIT_LOG_PATH.key()
                    + "): cannot append to '" + settings.auditLogPath() + "': " + e.getMessage());
        }
    }

    /** Closes {@code resource} (if any) when the Camel context stops, after the routes. */
    private static void closeOnStop(CamelContext camelContext, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not register a resource's lifecycle", e);
        }
    }

    /** Which started routes make a HELLO feature available. */
    static Map<String, List<String>> featureRoutes() {
        return Map.of(
                "idempotency", List.of("op-invoke"),
                "deadlines", List.of("op-invoke"),
                "cancel", List.of("op-cancel"),
                "heartbeat", List.of("op-heartbeat"),
                "schema_validation", List.of("op-invoke"),
                "events", List.of("op-publish", "op-subscribe"),
                "replay", List.of("op-subscribe"),
                "streaming", List.of("op-stream"));
    }

    /** Which started routes make up each conformance level. */
    static Map<String, List<String>> conformanceRoutes() {
        return Map.of(
                "core", List.of("bind-http-hello", "bind-http-discover", "bind-http-invoke", "bind-http-cancel",
                        "bind-http-heartbeat", "op-hello", "op-discover", "op-invoke", "op-cancel", "op-heartbeat"),
                "streaming", List.of("bind-ws-stream", "op-stream"),
                "evented", List.of("bind-http-publish", "bind-http-subscribe"));
    }

    /** camel-main's JMX switch ({@code camel.main.jmx-enabled}, MIGD_JMX_ENABLED): on unless set to false. */
    private static boolean jmxEnabled(CamelContext camelContext) {
        return !"false".equalsIgnoreCase(camelContext.getPropertiesComponent()
                .resolveProperty("camel.main.jmx-enabled").orElse("true").trim());
    }

    private static void addStartupListener(CamelContext camelContext, org.apache.camel.StartupListener listener) {
        try {
            camelContext.addStartupListener(listener);
        } catch (Exception e) {
            throw new IllegalStateException("cannot add startup listener " + listener, e);
        }
    }

    private static void stopOnShutdown(CamelContext camelContext, org.apache.camel.Service service) {
        try {
            camelContext.addService(service, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("could not register " + service, e);
        }
    }

    /**
     * Closes the shared Vert.x once the context has stopped everything else: camel-main's platform-http server is a
     * service registered after this configuration, so a service of ours would stop (and close Vert.x) before it.
     */
    private static void closeOnStop(CamelContext camelContext, Vertx vertx, HttpClient client) {
        camelContext.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext context) {
                client.close();
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    throw new IllegalStateException("could not close Vert.x", e);
                }
            }
        });
    }
}
