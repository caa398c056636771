package io.migd.auth;

/** {@code MIGD_AUTH_MODE=none}: everyone is the anonymous principal with all scopes, tenant from the tenant header. */
public final class OpenModeAuthenticator implements Authenticator {

    @Override
    public Principal authenticate(Credentials credentials) {
        String tenant = credentials.tenantHeader();
        return Principal.anonymous(tenant == null || tenant.isBlank() ? null : tenant.trim());
    }

    @Override
    public String mode() {
        return "none";
    }
}
