package io.migd.auth;

/**
 * Turns transport credentials into a principal. The seam every binding goes through; open mode and JWT mode are
 * its two implementations.
 */
public interface Authenticator {

    /** @throws io.migd.envelope.MigException MIG_UNAUTHORIZED when the credentials are not acceptable */
    Principal authenticate(Credentials credentials);

    /** The mode name shown in logs and HELLO: {@code none} or {@code jwt}. */
    String mode();
}
