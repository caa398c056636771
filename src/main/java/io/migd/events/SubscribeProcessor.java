package io.migd.events;

import io.migd.envelope.MigCall;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * mig-spec §5.6 SUBSCRIBE: opens the caller's subscription (replay from {@code resume_cursor}, then live) and
 * leaves it on the call for the binding to stream.
 */
public final class SubscribeProcessor implements Processor {

    public static final String CURSOR = "resume_cursor";

    private final EventHub hub;

    public SubscribeProcessor(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void process(Exchange exchange) {
        MigCall call = MigCall.of(exchange);
        String topic = Topics.require(call.target() != null ? call.target() : call.requestText("topic"));
        String cursorText = call.query(CURSOR) != null ? call.query(CURSOR) : call.requestText(CURSOR);
        Long cursor = Topics.cursor(cursorText);
        call.subscription(hub.subscribe(call.tenant(), topic, cursor));
    }
}
