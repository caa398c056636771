package io.migd.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LogContextTest {

    @Test
    void theTraceIdIsTheSecondFieldOfAValidTraceparent() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736",
                LogContext.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        assertNull(LogContext.traceId("not-a-traceparent"));
        assertNull(LogContext.traceId(null));
    }

    @Test
    void routeTemplatesUseTheBraceSyntaxAndOperationsComeFromRouteIds() {
        assertEquals("/mig/v0.1/invoke/{capability}", RouteTemplates.toTemplate("/mig/v0.1/invoke/:capability"));
        assertEquals("invoke", OperationRoutePolicy.operationOf("op-invoke"));
        assertEquals("invoke", OperationRoutePolicy.operationOf("bind-http-invoke"));
        assertEquals("admin-connections", OperationRoutePolicy.operationOf("bind-http-admin-connections"));
        assertEquals("stream", OperationRoutePolicy.operationOf("bind-ws-stream"));
    }
}
