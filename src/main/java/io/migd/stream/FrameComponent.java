package io.migd.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.migd.envelope.Json;
import io.migd.envelope.MigException;
import io.migd.invoke.RouteProvider;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

import java.util.Map;

/**
 * {@code mig-frame:emit} — in a capability's streaming route, sends the current body (a JSON object) to the caller as
 * an intermediate response frame. Outside a streaming invocation it does nothing, so one route can serve both.
 */
public final class FrameComponent extends DefaultComponent {

    public static final String SCHEME = "mig-frame";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) {
                        StreamEmitter emitter = exchange.getProperty(RouteProvider.EMITTER_PROPERTY,
                                StreamEmitter.class);
                        if (emitter == null) {
                            return;
                        }
                        JsonNode body = Json.toTree(exchange.getIn().getBody());
                        if (body == null || !body.isObject()) {
                            throw MigException.invalid("mig-frame:emit sends JSON objects");
                        }
                        emitter.emit((ObjectNode) body);
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException("mig-frame endpoints only send");
            }
        };
    }
}
