package io.migd.binding.http;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a request body on the event loop, never more than the gateway's limit: a declared or streamed body over it is
 * answered 413 with the MIG envelope (and the connection closed when the client is still sending), so a hostile
 * client cannot make the gateway buffer more than the limit.
 */
public final class HttpBodyReader {

    private HttpBodyReader() {
    }

    /**
     * Calls {@code whole} with the complete body, unless it is answered as too large first: then {@code refused} hears
     * of it (after the answer is under way).
     */
    public static void read(RoutingContext ctx, long limit, Consumer<byte[]> whole, Consumer<MigException> refused) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request.getHeader("Content-Length"));
        if (declared > limit) {
            MigException error = tooLarge();
            HttpAnswer.of(null, error).writeTo(ctx.response());
            refused.accept(error);
            return;
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
        request.handler(chunk -> {
            if (body.length() + chunk.length() > limit) {
                request.handler(null);
                MigException error = tooLarge();
                HttpAnswer.of(null, error).writeTo(ctx.response());
                request.connection().close();
                refused.accept(error);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!ctx.response().ended()) {
                whole.accept(body.getBytes());
            }
        });
        request.resume();
    }

    /** The Content-Length header as a number; -1 when absent or not a plain decimal. */
    private static long declaredLength(String header) {
        if (header == null || header.isEmpty() || header.length() > 18) {
            return -1;
        }
        for (int i = 0; i < header.length(); i++) {
            if (!Character.isDigit(header.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(header);
    }

    private static MigException tooLarge() {
        return new MigException(MigErrorCode.MIG_INVALID_REQUEST, "request body exceeds the gateway limit",
                Map.of(), MigException.Refinement.PAYLOAD_TOO_LARGE);
    }
}
