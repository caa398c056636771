package io.migd;

import com.fasterxml.jackson.databind.JsonNode;
import io.migd.support.Await;
import io.migd.support.Gateway;
import io.migd.support.MigClient;
import io.migd.support.MigClient.Reply;
import io.migd.support.Prometheus;
import io.migd.support.WsClient;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mig-spec §10: Prometheus metrics with bounded labels, per-call log context, and Camel's own management — the
 * developer console, health checks and JMX — on a started gateway.
 */
class ObservabilityIT {

    private static final String INVOKE = "/mig/v0.1/invoke/observatory.models.infer";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @RegisterExtension
    static Gateway gateway = new Gateway();

    private static Prometheus scrape() {
        Reply reply = gateway.client().get("/metrics");
        assertEquals(200, reply.status(), reply.rawBody());
        assertTrue(reply.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        return new Prometheus(reply.rawBody());
    }

    @Test
    void httpMetricsAreLabelledWithRouteTemplatesNeverRawPaths() {
        MigClient client = gateway.client();
        assertEquals(200, client.post(INVOKE, MigClient.invokeBody("acme", "{\"input\":\"x\"}"), "X-Tenant-ID", "acme")
                .status());
        assertEquals(404, client.post("/mig/v0.1/invoke/unknown.cap-7f3a9", MigClient.invokeBody("acme", "{}"),
                "X-Tenant-ID", "acme").status());
        assertEquals(404, client.get("/no/such/path-5e1b2").status());
        // a body that is not JSON fails in the binding route, before any operation route runs
        assertEquals(400, client.send(client.request(INVOKE, "X-Tenant-ID", "acme")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")).build()).status());

        Prometheus metrics = scrape();
        String template = "/mig/v0.1/invoke/{capability}";
        assertTrue(metrics.value("mig_gateway_http_requests_total", "method", "POST", "path", template,
                "status", "200") >= 1, metrics.text());
        assertTrue(metrics.value("mig_gateway_http_requests_total", "path", template, "status", "404") >= 1);
        assertTrue(metrics.value("mig_gateway_http_requests_total", "path", "unmatched", "status", "404") >= 1);
        assertTrue(metrics.value("mig_gateway_http_request_duration_seconds_count", "path", template) >= 3);
        assertTrue(metrics.value("mig_gateway_errors_total", "code", "MIG_UNSUPPORTED_CAPABILITY",
                "operation", "invoke") >= 1, metrics.text());
        assertTrue(metrics.value("mig_gateway_errors_total", "code", "MIG_INVALID_REQUEST", "operation", "invoke") >= 1);
        assertTrue(metrics.value("mig_gateway_invocations_total", "capability", "observatory.models.infer",
                "outcome", "success", "binding", "http") >= 1);
        assertTrue(metrics.value("mig_gateway_invocations_total", "capability", "unregistered",
                "outcome", "error:MIG_UNSUPPORTED_CAPABILITY") >= 1);
        assertTrue(metrics.value("mig_gateway_binding_requests_total", "binding", "http", "operation", "invoke",
                "result", "ok") >= 1);
        assertFalse(metrics.find("jvm_memory_used_bytes").isEmpty(), "JVM metrics");
        // Camel's per-route metrics, as camel-micrometer names them: the success and the unknown capability above (the
        // body that is not JSON never reached the operation route)
        assertTrue(metrics.value("camel_exchanges_total", "routeId", "op-invoke") >= 2, metrics.text());
        assertTrue(metrics.value("camel_exchanges_succeeded_total", "routeId", "op-invoke") >= 1, metrics.text());
        assertTrue(metrics.value("camel_exchanges_failed_total", "routeId", "op-invoke") >= 1, metrics.text());
        assertTrue(metrics.value("camel_route_policy_seconds_count", "routeId", "op-invoke") >= 2, metrics.text());
        assertTrue(metrics.value("camel_route_policy_seconds_sum", "routeId", "op-invoke") > 0, metrics.text());
        for (Prometheus.Sample sample : metrics.samples()) {
            for (String value : sample.labels().values()) {
                assertFalse(value.contains("7f3a9") || value.contains("5e1b2"), "raw request data as a label: "
                        + sample);
            }
        }
    }

    @Test
    void withoutJmxCamelRouteMetricsComeFromTheRoutePolicy() throws Exception {
        Gateway noJmx = new Gateway().with("camel.main.jmx-enabled", "false");
        noJmx.start();
        try {
            assertEquals(200, noJmx.client().post(INVOKE, "{\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "acme")
                    .status());
            Reply reply = noJmx.client().get("/metrics");
            Prometheus metrics = new Prometheus(reply.rawBody());
            assertTrue(metrics.value("camel_exchanges_total", "routeId", "op-invoke") >= 1, reply.rawBody());
            assertTrue(metrics.value("camel_route_policy_seconds_count", "routeId", "op-invoke") >= 1, reply.rawBody());
        } finally {
            noJmx.stop();
        }
    }

    @Test
    void activeStreamsFollowTheOpenConnections() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> sse = http.send(HttpRequest.newBuilder(gateway.base()
                        .resolve("/mig/v0.1/subscribe/acme.gauge.test")).header("X-Tenant-ID", "gauge").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        try (WsClient ws = WsClient.connect(gateway, "", "X-Tenant-ID", "gauge")) {
            Await.until(() -> scrape().value("mig_gateway_active_streams", "type", "sse_subscribe") == 1
                    && scrape().value("mig_gateway_active_streams", "type", "ws_stream") == 1,
                    Duration.ofSeconds(5), () -> scrape().find("mig_gateway_active_streams").toString());
        } finally {
            sse.body().close();
        }
        Await.until(() -> scrape().value("mig_gateway_active_streams") == 0, Duration.ofSeconds(5),
                () -> scrape().find("mig_gateway_active_streams").toString());
    }

    @Test
    void everyLineLoggedForACallCarriesItsTenantMessageIdAndTraceId() {
        List<LogEvent> events = new CopyOnWriteArrayList<>();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(event.toImmutable());
            }
        };
        capture.start();
        logging.getConfiguration().getRootLogger().addAppender(capture, null, null);
        logging.updateLoggers();
        try {
            Reply reply = gateway.client().post(INVOKE, "{\"header\":{\"tenant_id\":\"logs\",\"message_id\":\"log-msg-1\","
                    + "\"traceparent\":\"" + TRACEPARENT + "\"},\"payload\":{\"input\":\"x\"}}", "X-Tenant-ID", "logs");
            assertEquals(200, reply.status(), reply.rawBody());
            Await.until(() -> events.stream().anyMatch(e -> e.getLoggerName().equals("io.migd.access")
                    && "log-msg-1".equals(e.getContextData().getValue("mig.message_id"))), Duration.ofSeconds(5),
                    () -> "no access line for log-msg-1: " + events);
        } finally {
            logging.getConfiguration().getRootLogger().removeAppender("capture");
            logging.updateLoggers();
        }
        List<LogEvent> ofCall = events.stream()
                .filter(e -> "log-msg-1".equals(e.getContextData().getValue("mig.message_id"))).toList();
        assertTrue(ofCall.stream().anyMatch(e -> e.getLoggerName().equals("io.migd.authz")), "authz line: " + ofCall);
        for (LogEvent event : ofCall) {
            assertEquals("logs", event.getContextData().getValue("mig.tenant"), event.getMessage().getFormattedMessage());
            assertEquals(TRACE_ID, event.getContextData().getValue("mig.trace_id"));
        }
        LogEvent access = ofCall.stream().filter(e -> e.getLoggerName().equals("io.migd.access")).findFirst()
                .orElseThrow();
        String line = access.getMessage().getFormattedMessage();
        assertTrue(line.contains("op=invoke") && line.contains("binding=http") && line.contains("result=ok"), line);
    }

    @Test
    void theDeveloperConsoleListsAndControlsRoutes() {
        Reply routes = gateway.client().get("/q/dev/route", "Accept", "application/json");
        assertEquals(200, routes.status(), routes.rawBody());
        List<String> ids = routes.body().path("route").path("routes").findValuesAsText("routeId");
        assertTrue(ids.containsAll(List.of("bind-http-invoke", "op-invoke", "bind-ws-stream", "bind-http-metrics")),
                ids.toString());

        assertEquals(200, gateway.client().get("/q/dev/route?action=stop&filter=bind-http-heartbeat").status());
        try {
            assertEquals("Stopped", gateway.camelContext().getRouteController()
                    .getRouteStatus("bind-http-heartbeat").name());
            Reply health = gateway.client().get("/admin/v0.1/health/conformance");
            assertFalse(health.body().path("core").asBoolean(), health.rawBody());
        } finally {
            assertEquals(200, gateway.client().get("/q/dev/route?action=start&filter=bind-http-heartbeat").status());
        }
        assertEquals("Started", gateway.camelContext().getRouteController()
                .getRouteStatus("bind-http-heartbeat").name());
    }

    @Test
    void healthChecksAnswerUpForReadinessAndLiveness() {
        for (String path : List.of("/observe/health", "/observe/health/ready", "/observe/health/live")) {
            Reply health = gateway.client().get(path);
            assertEquals(200, health.status(), path + " " + health.rawBody());
            assertEquals("UP", health.body().path("status").asText(), path + " " + health.rawBody());
        }
        JsonNode full = gateway.client().get("/observe/health?exposureLevel=full").body();
        assertTrue(full.toString().contains("bindings"), "the migd bindings check is registered: " + full);
    }

    @Test
    void routesAreManagedBeansThatJmxCanStopAndStart() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> routes = server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null);
        ObjectName heartbeat = routes.stream()
                .filter(n -> n.getKeyProperty("name").replace("\"", "").equals("bind-http-heartbeat")
                        && gateway.camelContext().getManagementName().equals(
                                n.getKeyProperty("context").replace("\"", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no route MBean: " + routes));
        server.invoke(heartbeat, "stop", null, null);
        try {
            assertEquals("Stopped", server.getAttribute(heartbeat, "State"));
        } finally {
            server.invoke(heartbeat, "start", null, null);
        }
        assertEquals("Started", server.getAttribute(heartbeat, "State"));
        assertEquals(200, gateway.client().post("/mig/v0.1/heartbeat", "{}", "X-Tenant-ID", "acme").status());
    }
}
