package io.migd.binding.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSockets by camel-vertx-websocket connection key. */
public final class WsConnections {

    private final Map<String, WsConnection> byKey = new ConcurrentHashMap<>();

    void put(String key, WsConnection connection) {
        byKey.put(key, connection);
    }

    WsConnection get(String key) {
        return byKey.get(key);
    }

    WsConnection remove(String key) {
        return byKey.remove(key);
    }

    public int size() {
        return byKey.size();
    }
}
