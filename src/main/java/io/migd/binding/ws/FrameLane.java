package io.migd.binding.ws;

import io.vertx.core.Context;
import io.vertx.core.http.ServerWebSocket;

/**
 * Keeps one socket's events in order. A frame's route runs on the socket's event loop and usually finishes there; when
 * it waits for an asynchronous step instead (an audit write, a provider's thread), the socket reads nothing more until
 * it finishes: Vert.x holds the frames that arrived meanwhile, and stops reading from TCP once it holds enough. So the
 * next frame never overtakes this one, and a client cannot pile up work behind a slow frame.
 */
final class FrameLane {

    private final ServerWebSocket socket;
    private final Context context;

    FrameLane(ServerWebSocket socket, Context context) {
        this.socket = socket;
        this.context = context;
    }

    /** On the socket's event loop, right after a route returned without finishing. */
    void hold() {
        socket.pause();
    }

    /**
     * From any thread, once that route finished. The resume is a later task of the event loop, so it always comes after
     * the {@link #hold()} of the task that is running now, even when the route finished before that task returned.
     */
    void release() {
        context.runOnContext(v -> socket.resume());
    }
}
