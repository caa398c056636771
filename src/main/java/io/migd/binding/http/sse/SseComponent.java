package io.migd.binding.http.sse;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code mig-sse:/path/{param}} — a consumer on the embedded HTTP server that answers with a Server-Sent Events
 * stream. The route runs once per request (auth, validation, opening the subscription); the stream is then written
 * without holding any thread, which platform-http cannot do for long-lived responses.
 */
public final class SseComponent extends DefaultComponent {

    public static final String SCHEME = "mig-sse";

    private long keepaliveMillis = 15_000;
    private long maxBodyBytes = 1_048_576;
    private int maxQueuedFrames = 256;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SseEndpoint endpoint = new SseEndpoint(uri, this, remaining.startsWith("/") ? remaining : "/" + remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    public long getKeepaliveMillis() {
        return keepaliveMillis;
    }

    public void setKeepaliveMillis(long keepaliveMillis) {
        this.keepaliveMillis = keepaliveMillis;
    }

    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public int getMaxQueuedFrames() {
        return maxQueuedFrames;
    }

    public void setMaxQueuedFrames(int maxQueuedFrames) {
        this.maxQueuedFrames = maxQueuedFrames;
    }
}
