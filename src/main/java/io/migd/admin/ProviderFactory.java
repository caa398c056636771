package io.migd.admin;

import io.migd.envelope.MigException;
import io.migd.invoke.CapabilityProvider;
import io.migd.invoke.HttpUpstreamProvider;
import io.vertx.core.http.HttpClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the provider for an endpoint given through the admin API. Only the configured schemes are accepted, so the
 * admin API can never bind {@code exec:}, {@code file:}, {@code bean:} or any other Camel endpoint.
 */
public final class ProviderFactory {

    private final Set<String> allowedSchemes;
    private final HttpClient httpClient;
    private final long maxResponseBytes;

    public ProviderFactory(Set<String> allowedSchemes, HttpClient httpClient, long maxResponseBytes) {
        this.allowedSchemes = Set.copyOf(allowedSchemes);
        this.httpClient = httpClient;
        this.maxResponseBytes = maxResponseBytes;
    }

    public CapabilityProvider create(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw MigException.invalidField("endpoint", "is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!allowedSchemes.contains(scheme)) {
            throw MigException.invalidField("endpoint", "scheme '" + scheme + "' is not allowed; allowed: "
                    + String.join(", ", allowedSchemes.stream().sorted().toList()));
        }
        return switch (scheme) {
            case "http", "https" -> {
                if (uri.getHost() == null || uri.getRawUserInfo() != null) {
                    throw MigException.invalidField("endpoint", "must be an absolute http(s) URL without user info");
                }
                yield new HttpUpstreamProvider(httpClient, uri, maxResponseBytes);
            }
            default -> throw MigException.invalidField("endpoint",
                    "scheme '" + scheme + "' needs a binding that is not enabled on this gateway");
        };
    }
}
