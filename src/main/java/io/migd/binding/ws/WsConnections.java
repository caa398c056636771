package io.migd.binding.ws;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The open WebSockets by camel-vertx-websocket connection key. camel-vertx-websocket processes a socket's OPEN event
 * and its first frames concurrently, so a frame may look its connection up before OPEN has registered it: the lookup
 * waits for the registration (briefly).
 */
public final class WsConnections {

    private static final long OPEN_WAIT_MS = 5_000;

    private final Map<String, CompletableFuture<WsConnection>> byKey = new ConcurrentHashMap<>();

    void opened(String key, WsConnection connection) {
        byKey.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(connection);
    }

    /** The connection, waiting for its OPEN to finish; null when it never opens (refused, or closed meanwhile). */
    WsConnection await(String key) throws InterruptedException {
        CompletableFuture<WsConnection> future = byKey.computeIfAbsent(key, k -> new CompletableFuture<>());
        try {
            return future.get(OPEN_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Forgets the connection (or the wait for it); returns it when it had opened. */
    WsConnection closed(String key) {
        CompletableFuture<WsConnection> future = byKey.remove(key);
        if (future == null) {
            return null;
        }
        future.complete(null);
        return future.getNow(null);
    }

    public int size() {
        return byKey.size();
    }
}
