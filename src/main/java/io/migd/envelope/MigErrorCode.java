package io.migd.envelope;

/** The stable MIG v0.1 error codes with their binding mappings (mig-spec §2). */
public enum MigErrorCode {
    MIG_INVALID_REQUEST(400, "INVALID_ARGUMENT", false),
    MIG_UNAUTHORIZED(401, "UNAUTHENTICATED", false),
    MIG_FORBIDDEN(403, "PERMISSION_DENIED", false),
    MIG_NOT_FOUND(404, "NOT_FOUND", false),
    MIG_UNSUPPORTED_CAPABILITY(404, "NOT_FOUND", false),
    MIG_VERSION_MISMATCH(400, "FAILED_PRECONDITION", false),
    MIG_TIMEOUT(504, "DEADLINE_EXCEEDED", true),
    MIG_RATE_LIMITED(429, "RESOURCE_EXHAUSTED", true),
    MIG_BACKPRESSURE(503, "RESOURCE_EXHAUSTED", true),
    MIG_UNAVAILABLE(503, "UNAVAILABLE", true),
    MIG_INTERNAL(500, "INTERNAL", false);

    private final int httpStatus;
    private final String grpcStatus;
    private final boolean retryable;

    MigErrorCode(int httpStatus, String grpcStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.grpcStatus = grpcStatus;
        this.retryable = retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String grpcStatus() {
        return grpcStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
