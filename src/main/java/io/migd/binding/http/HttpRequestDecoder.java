package io.migd.binding.http;

import io.migd.auth.Credentials;
import io.migd.envelope.MigCall;
import io.migd.envelope.MigException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * HTTP → {@link MigCall}: credentials from {@code Authorization} / {@code X-Tenant-ID}, the path's resource, the
 * query, and the body (which a POST must carry as JSON). Everything after this works on the call, not on HTTP.
 */
public final class HttpRequestDecoder implements Processor {

    public static final String TENANT_HEADER = "X-Tenant-ID";
    /** Path parameter names the binding routes use for the addressed resource. */
    static final List<String> TARGET_PARAMS = List.of("capability", "topic", "message_id");

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        if (!(in instanceof HttpMessage http)) {
            throw new IllegalStateException("the HTTP decoder needs a platform-http (Vert.x) exchange");
        }
        HttpServerRequest request = http.getRequest();
        byte[] body = null;
        if (hasBody(request)) {
            body = in.getBody(byte[].class);
        }
        exchange.setProperty(MigCall.PROPERTY, decode(request, name -> in.getHeader(name, String.class), body));
    }

    public static boolean hasBody(HttpServerRequest request) {
        String method = request.method().name();
        return "POST".equals(method) || "PUT".equals(method);
    }

    /** Builds the call from a Vert.x request; {@code pathParam} resolves the route's path parameters. */
    public static MigCall decode(HttpServerRequest request, Function<String, String> pathParam, byte[] body) {
        if (hasBody(request)) {
            requireJsonContentType(request.getHeader("Content-Type"));
            if (body == null) {
                body = new byte[0];
            }
        }
        Map<String, String> query = new HashMap<>();
        // request.params() mixes in path parameters; the query string alone is wanted here
        new QueryStringDecoder(request.uri()).parameters()
                .forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        String lastEventId = request.getHeader("Last-Event-ID");
        if (lastEventId != null && !query.containsKey("resume_cursor")) {
            // an EventSource reconnecting resumes where it stopped
            query.put("resume_cursor", lastEventId);
        }
        String target = null;
        for (String param : TARGET_PARAMS) {
            String value = pathParam.apply(param);
            if (value != null) {
                target = value;
                break;
            }
        }
        String authorization = request.getHeader("Authorization");
        String tenant = request.getHeader(TENANT_HEADER);
        if (!hasBody(request)) {
            // a browser's EventSource cannot set headers: a GET may carry them as query parameters
            if (authorization == null && query.containsKey("token")) {
                authorization = "Bearer " + query.get("token");
            }
            if (tenant == null && query.containsKey("tenant_id")) {
                tenant = query.get("tenant_id");
            }
        }
        Credentials credentials = new Credentials(authorization, tenant);
        return new MigCall("http", credentials, remoteAddress(request), target, query, body);
    }

    private static void requireJsonContentType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw MigException.invalidField("Content-Type", "must be application/json"
                    + (contentType == null ? "" : ", not " + type));
        }
    }

    private static String remoteAddress(HttpServerRequest request) {
        // the peer of the connection: Vert.x-web's request.remoteAddress() parses Forwarded headers on every call
        SocketAddress address = request.connection() == null ? request.remoteAddress()
                : request.connection().remoteAddress();
        return address == null ? null : address.hostAddress() + ":" + address.port();
    }
}
