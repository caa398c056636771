package io.migd.binding.http.call;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

import java.util.Locale;

/** One path (with {@code {param}} placeholders) and method of a {@code mig-http:} route; consumer only. */
public final class HttpCallEndpoint extends DefaultEndpoint {

    private final String path;
    private String httpMethod = "POST";

    HttpCallEndpoint(String uri, HttpCallComponent component, String path) {
        super(uri, component);
        this.path = path;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("mig-http endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        HttpCallConsumer consumer = new HttpCallConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getPath() {
        return path;
    }

    public String getHttpMethod() {
        return httpMethod;
    }

    public void setHttpMethod(String httpMethod) {
        this.httpMethod = httpMethod.toUpperCase(Locale.ROOT);
    }

    long maxBodyBytes() {
        return ((HttpCallComponent) getComponent()).getMaxBodyBytes();
    }
}
