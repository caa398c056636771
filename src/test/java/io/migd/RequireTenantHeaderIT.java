package io.migd;

import io.migd.support.Gateway;
import io.migd.support.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.migd.EnvelopeAndErrorsIT.assertErrorEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code MIGD_REQUIRE_TENANT_HEADER=true}: X-Tenant-ID is needed even with a token that names the tenant. */
class RequireTenantHeaderIT {

    @RegisterExtension
    static Gateway gateway = new Gateway()
            .with("migd.auth.mode", "jwt")
            .with("migd.auth.jwt-hs256-secret", Tokens.SECRET)
            .with("migd.auth.require-tenant-header", "true");

    @Test
    void tenantHeaderIsRequired() {
        String token = Tokens.bearer(Tokens.valid("alice", "acme"));
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello", "{}", "Authorization", token), 401,
                "MIG_UNAUTHORIZED");
        assertEquals(200, gateway.client().post("/mig/v0.1/hello", "{}", "Authorization", token,
                "X-Tenant-ID", "acme").status());
        assertErrorEnvelope(gateway.client().post("/mig/v0.1/hello", "{}", "Authorization", token,
                "X-Tenant-ID", "globex"), 403, "MIG_FORBIDDEN");
    }
}
