package io.migd.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.migd.auth.AuthDecisions.Reason;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code MIGD_AUTH_MODE=jwt} (mig-spec §3): HS256 bearer tokens only. The algorithm is checked before the signature,
 * so {@code alg: none} and every other algorithm are refused whatever the token claims.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final int MAX_TOKEN_LENGTH = 8192;

    private final MACVerifier verifier;
    private final long skewMillis;
    private final boolean requireTenantHeader;
    private final Clock clock;

    public JwtAuthenticator(String secret, long skewSeconds, boolean requireTenantHeader, Clock clock) {
        try {
            this.verifier = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the HS256 secret is not usable: " + e.getMessage(), e);
        }
        this.skewMillis = skewSeconds * 1000L;
        this.requireTenantHeader = requireTenantHeader;
        this.clock = clock;
    }

    @Override
    public Principal authenticate(Credentials credentials) {
        String token = credentials.bearerToken();
        if (token == null) {
            throw AuthException.unauthorized("a bearer token is required", Reason.MISSING_TOKEN);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw AuthException.unauthorized("the bearer token is too long", Reason.MALFORMED_TOKEN);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw AuthException.unauthorized("the bearer token is not a signed JWT", Reason.MALFORMED_TOKEN);
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw AuthException.unauthorized("only HS256 tokens are accepted", Reason.ALGORITHM_REFUSED);
        }
        try {
            if (!jwt.verify(verifier)) {
                throw AuthException.unauthorized("the token signature is not valid", Reason.BAD_SIGNATURE);
            }
            claims = jwt.getJWTClaimsSet();
        } catch (JOSEException | ParseException | RuntimeException e) {
            if (e instanceof AuthException auth) {
                throw auth;
            }
            throw AuthException.unauthorized("the token could not be verified", Reason.MALFORMED_TOKEN);
        }
        long now = clock.millis();
        Date exp = claims.getExpirationTime();
        if (exp != null && now > exp.getTime() + skewMillis) {
            throw AuthException.unauthorized("the token has expired", Reason.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skewMillis < nbf.getTime()) {
            throw AuthException.unauthorized("the token is not valid yet", Reason.NOT_YET_VALID);
        }
        String tenant = stringClaim(claims, "tenant_id");
        if (tenant == null) {
            tenant = stringClaim(claims, "tenant");
        }
        if (tenant == null) {
            throw AuthException.unauthorized("the token names no tenant (tenant_id or tenant claim)",
                    Reason.NO_TENANT_CLAIM);
        }
        String tenantHeader = credentials.tenantHeader() == null ? null : credentials.tenantHeader().trim();
        if (requireTenantHeader && (tenantHeader == null || tenantHeader.isEmpty())) {
            throw AuthException.unauthorized("the X-Tenant-ID header is required", Reason.TENANT_HEADER_REQUIRED);
        }
        if (tenantHeader != null && !tenantHeader.isEmpty() && !tenantHeader.equals(tenant)) {
            throw AuthException.forbidden("X-Tenant-ID does not match the token's tenant", Reason.TENANT_MISMATCH);
        }
        String subject = claims.getSubject();
        return new Principal(subject == null ? "unknown" : subject, tenant, scopes(claims), false);
    }

    @Override
    public String mode() {
        return "jwt";
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> out = new LinkedHashSet<>();
        if (claims.getClaim("scope") instanceof String scope) {
            for (String s : scope.trim().split("\\s+")) {
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        if (claims.getClaim("scopes") instanceof List<?> list) {
            for (Object s : list) {
                if (s instanceof String text && !text.isBlank()) {
                    out.add(text.trim());
                }
            }
        }
        return Set.copyOf(out);
    }
}
