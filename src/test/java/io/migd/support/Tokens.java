package io.migd.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Test JWTs, signed the way a real issuer would sign them. */
public final class Tokens {

    public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";

    private Tokens() {
    }

    public static String hs256(String secret, Map<String, Object> claims) {
        try {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            claims.forEach(builder::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), builder.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A valid token for {@code tenant} with the given scopes, expiring in an hour. */
    public static String valid(String subject, String tenant, String... scopes) {
        return hs256(SECRET, Map.of("sub", subject, "tenant_id", tenant, "scope", String.join(" ", scopes),
                "exp", new Date(System.currentTimeMillis() + 3_600_000)));
    }

    public static String hs384(String secret, Map<String, Object> claims) {
        try {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
            claims.forEach(builder::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS384), builder.build());
            jwt.sign(new MACSigner((secret + secret).getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {"alg":"none"}. */
    public static String none(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static List<String> list(String... values) {
        return List.of(values);
    }
}
