package io.migd.binding.http.sse;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A path on the embedded HTTP server that streams SSE; consumer only. */
public final class SseEndpoint extends DefaultEndpoint {

    private final String path;

    SseEndpoint(String uri, SseComponent component, String path) {
        super(uri, component);
        this.path = path;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("mig-sse endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SseConsumer consumer = new SseConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getPath() {
        return path;
    }

    long keepaliveMillis() {
        return ((SseComponent) getComponent()).getKeepaliveMillis();
    }
}
