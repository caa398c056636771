package io.migd.binding.http.sse;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;

import java.util.Map;
import java.util.Set;

/**
 * Where a chunked HTTP/1.1 response can take pre-encoded chunks directly: the connection's pipeline just below
 * Vert.x's HTTP encoder. Writing a {@link SharedFrame} chunk there skips, per subscriber and event, the response's
 * chunk encoding (a size line, the content and a CRLF as three buffers and a promise combiner) and Vert.x's write
 * bookkeeping, which otherwise cost more CPU than the socket write's system call in a 10,000-subscriber fan-out.
 *
 * <p>Only where nothing between the encoder and Vert.x's own handler watches or transforms what is written
 * (compression, chunked file writes, idle timeouts, traffic shaping): anywhere else, and for HTTP/2, frames go through
 * {@link HttpServerResponse#write}. The head and the response's end still go through Vert.x, on the same event loop,
 * so the bytes stay in order; the channel's writability (back-pressure, drain handler) counts these writes too.
 */
final class RawChunks {

    /** Vert.x 4.5's names for its HTTP/1.x server handlers (HttpServerWorker) */
    static final String ENCODER = "httpEncoder";
    /**
     * the outbound handlers that may follow the encoder: Vert.x's own handler (where its writes start), and Netty's
     * WebSocket extension handler, which only acts on a WebSocket upgrade's head; inbound-only handlers (the h2c
     * upgrade) never see writes
     */
    private static final Set<String> PASS_THROUGH = Set.of("handler", "webSocketExtensionHandler");

    private RawChunks() {
    }

    /**
     * @return the context to write encoded chunks to, or null when this response must be written through Vert.x.
     *     Call on the connection's event loop, after the response's head was written through Vert.x.
     */
    static ChannelHandlerContext below(HttpServerRequest request, HttpServerResponse response) {
        if (request.version() != HttpVersion.HTTP_1_1 || !response.isChunked() || !response.headWritten()) {
            return null;
        }
        HttpConnection connection = request.connection();
        if (!(connection instanceof ConnectionBase base) || !base.channel().eventLoop().inEventLoop()) {
            return null;
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        ChannelHandlerContext encoder = pipeline.context(ENCODER);
        if (encoder == null) {
            return null;
        }
        boolean afterEncoder = false;
        for (Map.Entry<String, ChannelHandler> entry : pipeline) {
            if (afterEncoder && entry.getValue() instanceof ChannelOutboundHandler
                    && !PASS_THROUGH.contains(entry.getKey())) {
                return null;
            }
            afterEncoder |= entry.getKey().equals(ENCODER);
        }
        return encoder;
    }
}
