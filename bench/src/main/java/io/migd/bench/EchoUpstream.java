package io.migd.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The local upstream of the proxy scenario: a raw Vert.x server that answers every POST with its own body as JSON
 * (migd registers it as the endpoint of capability {@code bench.upstream}; the bench also calls it directly).
 *
 * Usage: {@code java -cp migd-bench.jar io.migd.bench.EchoUpstream PORT}.
 */
public final class EchoUpstream {

    private EchoUpstream() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.body().onComplete(ar -> {
                    if (ar.failed()) {
                        req.response().setStatusCode(400).end();
                    } else {
                        req.response().putHeader("Content-Type", "application/json").end(ar.result());
                    }
                }))
                .listen()
                .onSuccess(s -> System.out.println("echo upstream listening on http://127.0.0.1:" + port))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
