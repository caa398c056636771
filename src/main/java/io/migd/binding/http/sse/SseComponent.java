package io.migd.binding.http.sse;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    /** the subscription streams of each event loop thread */
    private final Map<Thread, SseLoop> loops = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SseEndpoint endpoint = new SseEndpoint(uri, this, remaining.startsWith("/") ? remaining : "/" + remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The streams of the calling event loop thread ({@code context} is that loop's). */
    SseLoop loop(Vertx vertx, Context context) {
        Thread thread = Thread.currentThread();
        return loops.computeIfAbsent(thread, t -> new SseLoop(vertx, context, keepaliveMillis));
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
