package io.migd.auth;

/**
 * What a transport carried to identify the caller: the {@code Authorization} value and the tenant header
 * (HTTP {@code X-Tenant-ID}, gRPC metadata {@code x-tenant-id}, the NATS subject's tenant token).
 */
public record Credentials(String authorization, String tenantHeader) {

    public static final Credentials NONE = new Credentials(null, null);

    public String bearerToken() {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = value.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
