package io.migd.binding.http.sse;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A path on the embedded HTTP server that streams SSE; consumer only. */
public final class SseEndpoint extends DefaultEndpoint {

    private final String path;
    private String httpMethod = "GET";
    private String accept;

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

    SseComponent sseComponent() {
        return (SseComponent) getComponent();
    }

    public String getHttpMethod() {
        return httpMethod;
    }

    /** GET (a subscription) or POST (a streaming invoke, whose JSON body the route reads). */
    public void setHttpMethod(String httpMethod) {
        this.httpMethod = httpMethod.toUpperCase(java.util.Locale.ROOT);
    }

    public String getAccept() {
        return accept;
    }

    /** Only requests whose Accept header names this media type; others go on to the next route on the path. */
    public void setAccept(String accept) {
        this.accept = accept;
    }
}
