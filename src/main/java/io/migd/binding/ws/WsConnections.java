package io.migd.binding.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open WebSockets by camel-vertx-websocket connection key. A socket's OPEN event is processed before its first
 * frame ({@link EventLoopWebsocketConsumer} runs one event after the other per socket), so a frame finds its connection
 * at once, or never: refused at OPEN, or closed.
 */
public final class WsConnections {

    private final Map<String, WsConnection> byKey = new ConcurrentHashMap<>();

    void opened(String key, WsConnection connection) {
        byKey.put(key, connection);
    }

    /** The connection; null when it never opened (refused) or has closed. */
    WsConnection find(String key) {
        return key == null ? null : byKey.get(key);
    }

    /** Forgets the connection; returns it when it had opened. */
    WsConnection closed(String key) {
        return key == null ? null : byKey.remove(key);
    }

    public int size() {
        return byKey.size();
    }
}
