package io.migd.binding.http.sse;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where ready chunks may be written, judged on real Vert.x 4.5 HTTP/1.1 connections: a plain server takes them (so a
 * Vert.x upgrade that renames or reorders its handlers shows here, not as a silent fall-back), a compressing one
 * does not; and what is written there arrives as well-formed chunks.
 */
class RawChunksTest {

    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aPlainHttp11ChunkedResponseTakesReadyChunksBelowTheEncoder() throws Exception {
        CompletableFuture<Boolean> raw = new CompletableFuture<>();
        HttpServer server = listen(new HttpServerOptions(), req -> {
            req.response().setChunked(true).write(": open\n\n");
            var below = RawChunks.below(req, req.response());
            raw.complete(below != null);
            if (below != null) {
                SharedFrame frame = SharedFrame.of("id: 1\nevent: mig-event\ndata: {}\n\n");
                below.writeAndFlush(frame.chunk(), below.voidPromise());
                below.writeAndFlush(frame.chunk(), below.voidPromise());
            }
            req.response().end();
        });
        try {
            String body = get(server.actualPort());
            assertTrue(raw.get(5, TimeUnit.SECONDS), "a plain HTTP/1.1 response takes ready chunks");
            // Vert.x's chunk, then the two shared ones, then Vert.x's last chunk: all well-formed, in order
            String frame = "id: 1\nevent: mig-event\ndata: {}\n\n";
            String chunk = Integer.toHexString(frame.length()) + "\r\n" + frame + "\r\n";
            assertEquals("8\r\n: open\n\n\r\n" + chunk + chunk + "0\r\n\r\n", body);
        } finally {
            server.close();
        }
    }

    @Test
    void aCompressingServerWritesThroughTheResponse() throws Exception {
        CompletableFuture<Boolean> raw = new CompletableFuture<>();
        HttpServer server = listen(new HttpServerOptions().setCompressionSupported(true), req -> {
            req.response().setChunked(true).write(": open\n\n");
            raw.complete(RawChunks.below(req, req.response()) != null);
            req.response().end();
        });
        try {
            get(server.actualPort());
            assertFalse(raw.get(5, TimeUnit.SECONDS), "compression sits between the encoder and Vert.x");
        } finally {
            server.close();
        }
    }

    private static HttpServer listen(HttpServerOptions options,
                                     io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler)
            throws Exception {
        return vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(handler).listen()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A raw HTTP/1.1 GET; returns the body bytes exactly as they came (chunk framing included). */
    private static String get(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!out.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            String response = out.toString(StandardCharsets.ISO_8859_1);
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }
}
