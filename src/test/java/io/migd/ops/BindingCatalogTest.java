package io.migd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BindingCatalogTest {

    private DefaultCamelContext camel;
    private BindingCatalog catalog;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(routes("bind-http-hello", "bind-http-invoke", "bind-nats-hello", "op-hello", "cap-x"));
        camel.start();
        catalog = new BindingCatalog(camel);
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aBindingIsEnabledWhileOneOfItsRoutesIsStarted() throws Exception {
        assertEquals(Set.of("http", "nats"), catalog.enabledBindings());
        camel.getRouteController().stopRoute("bind-http-hello");
        assertEquals(Set.of("http", "nats"), catalog.enabledBindings(), "bind-http-invoke still runs");
        camel.getRouteController().stopRoute("bind-http-invoke");
        assertEquals(Set.of("nats"), catalog.enabledBindings());
        camel.getRouteController().startRoute("bind-http-invoke");
        assertEquals(Set.of("http", "nats"), catalog.enabledBindings());
    }

    @Test
    void routesAddedOrRemovedLaterAreSeen() throws Exception {
        assertEquals(Set.of("http", "nats"), catalog.enabledBindings());
        camel.addRoutes(routes("bind-grpc-hello"));
        assertEquals(Set.of("grpc", "http", "nats"), catalog.enabledBindings());
        camel.getRouteController().stopRoute("bind-nats-hello");
        camel.removeRoute("bind-nats-hello");
        assertEquals(Set.of("grpc", "http"), catalog.enabledBindings());
    }

    @Test
    void aBindingWithLivenessCountsOnlyWhileLive() {
        AtomicBoolean connected = new AtomicBoolean(false);
        catalog.liveness("nats", connected::get);
        assertEquals(Set.of("http"), catalog.enabledBindings());
        connected.set(true);
        assertEquals(Set.of("http", "nats"), catalog.enabledBindings());
    }

    private static RouteBuilder routes(String... ids) {
        return new RouteBuilder() {
            @Override
            public void configure() {
                for (String id : ids) {
                    from("direct:" + id).routeId(id).log("unused");
                }
            }
        };
    }
}
