package io.migd.envelope;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that carries its MIG error code. Everything a processor rejects is thrown as one of these;
 * every binding turns it into its own error shape, so the message must be safe to show a client.
 */
public class MigException extends RuntimeException {

    /** Refines how a binding reports an error without changing its MIG code. */
    public enum Refinement {
        NONE,
        /** the request was larger than the applicable limit (HTTP 413) */
        PAYLOAD_TOO_LARGE,
        /** the request conflicts with earlier state, e.g. an idempotency key reused (HTTP 409) */
        CONFLICT,
        /** the path exists but not for this method (HTTP 405) */
        METHOD_NOT_ALLOWED
    }

    private final MigErrorCode code;
    private final Map<String, Object> details;
    private final Refinement refinement;

    public MigException(MigErrorCode code, String message) {
        this(code, message, Map.of(), Refinement.NONE);
    }

    public MigException(MigErrorCode code, String message, Map<String, ?> details) {
        this(code, message, details, Refinement.NONE);
    }

    public MigException(MigErrorCode code, String message, Map<String, ?> details, Refinement refinement) {
        super(message, null, false, false);
        this.code = code;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.refinement = refinement;
    }

    public static MigException invalid(String message) {
        return new MigException(MigErrorCode.MIG_INVALID_REQUEST, message);
    }

    public static MigException invalidField(String field, String reason) {
        return new MigException(MigErrorCode.MIG_INVALID_REQUEST, field + ": " + reason,
                Map.of("field", field, "reason", reason));
    }

    public MigErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Refinement refinement() {
        return refinement;
    }
}
