package io.migd.binding.http.call;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code mig-http:/path/{param}} — a MIG operation on the embedded HTTP server, answered once. The request is decoded
 * into a call on the event loop that received it and the route runs there, asynchronously: no worker thread, no
 * hand-off and no Camel message headers per request, which is what platform-http costs (it runs every exchange on a
 * Vert.x worker). A route step that must block belongs in a provider that runs on workers (see RouteProvider).
 */
public final class HttpCallComponent extends DefaultComponent {

    public static final String SCHEME = "mig-http";

    private long maxBodyBytes = 1_048_576;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HttpCallEndpoint endpoint = new HttpCallEndpoint(uri, this, remaining.startsWith("/") ? remaining
                : "/" + remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }
}
