package io.migd.outcome;

import io.migd.envelope.MigErrorCode;
import io.migd.envelope.MigException;

/**
 * The closed set of invocation outcomes in audit records and metric labels: {@code success}, {@code replayed} (an
 * idempotent result returned again, nothing executed), {@code cancelled} (a CANCEL or a closed connection stopped
 * it), and {@code error:<MIG code>} for every other failure.
 */
public final class Outcome {

    public static final String SUCCESS = "success";
    public static final String REPLAYED = "replayed";
    public static final String CANCELLED = "cancelled";

    private Outcome() {
    }

    /** @param error the failure, or null when the invocation succeeded */
    public static String of(MigException error, boolean replayed) {
        if (error == null) {
            return replayed ? REPLAYED : SUCCESS;
        }
        if (error.code() == MigErrorCode.MIG_TIMEOUT && Boolean.TRUE.equals(error.details().get("cancelled"))) {
            return CANCELLED;
        }
        return "error:" + error.code().name();
    }
}
