package io.migd.binding.ws;

import io.migd.auth.Credentials;
import io.migd.connections.ConnectionRegistry;
import io.migd.stream.StreamSession;
import io.vertx.core.http.ServerWebSocket;

/** One open WebSocket: its credentials from the upgrade request, its stream session and its registry entry. */
record WsConnection(ServerWebSocket socket, Credentials credentials, String remoteAddress, StreamSession session,
                    WsFrameSink sink, ConnectionRegistry.Registration registration) {
}
