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
        HttpServerRequest request = in instanceof HttpMessage http ? http.getRequest() : null;
        String method = request != null ? request.method().name() : in.getHeader(Exchange.HTTP_METHOD, String.class);
        byte[] body = null;
        if ("POST".equals(method) || "PUT".equals(method)) {
            requireJsonContentType(in.getHeader(Exchange.CONTENT_TYPE, String.class));
            body = in.getBody(byte[].class);
        }
        Map<String, String> query = new HashMap<>();
        if (request != null) {
            // request.params() mixes in path parameters; the query string alone is wanted here
            new QueryStringDecoder(request.uri()).parameters()
                    .forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        }
        String target = null;
        for (String param : TARGET_PARAMS) {
            String value = in.getHeader(param, String.class);
            if (value != null && !query.containsKey(param)) {
                target = value;
                break;
            }
        }
        Credentials credentials = new Credentials(in.getHeader("Authorization", String.class),
                in.getHeader(TENANT_HEADER, String.class));
        exchange.setProperty(MigCall.PROPERTY,
                new MigCall("http", credentials, remoteAddress(request), target, query, body));
    }

    private static void requireJsonContentType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !(type.startsWith("application/") && type.endsWith("+json"))) {
            throw MigException.invalidField("Content-Type", "must be application/json"
                    + (contentType == null ? "" : ", not " + type));
        }
    }

    private static String remoteAddress(HttpServerRequest request) {
        if (request == null) {
            return null;
        }
        SocketAddress address = request.remoteAddress();
        return address == null ? null : address.hostAddress() + ":" + address.port();
    }
}
