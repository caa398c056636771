package io.migd.conformance;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;

/**
 * In JWT mode the self-check is a client like any other and needs a token: the gateway signs a short-lived one for
 * its own check tenant with the configured secret (the key never leaves the process; the token only travels over
 * loopback to the gateway itself).
 */
final class SelfCheckToken {

    static final String SUBJECT = "migd-conformance";

    private SelfCheckToken() {
    }

    static String mint(String secret, String tenant, Collection<String> scopes, long ttlMillis) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(SUBJECT)
                    .claim("tenant_id", tenant)
                    .claim("scope", String.join(" ", scopes))
                    .expirationTime(new Date(System.currentTimeMillis() + ttlMillis))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the self-check token", e);
        }
    }
}
