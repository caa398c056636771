package io.migd.auth;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

import java.util.Map;

/** An authentication or authorization failure, carrying the reason the decision log records. */
public final class AuthException extends MigException {

    private final AuthDecisions.Reason reason;

    public AuthException(MigErrorCode code, String message, AuthDecisions.Reason reason) {
        super(code, message, Map.of("reason", reason.label()));
        this.reason = reason;
    }

    public static AuthException unauthorized(String message, AuthDecisions.Reason reason) {
        return new AuthException(MigErrorCode.MIG_UNAUTHORIZED, message, reason);
    }

    public static AuthException forbidden(String message, AuthDecisions.Reason reason) {
        return new AuthException(MigErrorCode.MIG_FORBIDDEN, message, reason);
    }

    public AuthDecisions.Reason reason() {
        return reason;
    }
}
