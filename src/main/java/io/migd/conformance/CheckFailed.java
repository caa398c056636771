package io.migd.conformance;

/** A conformance check found the gateway not behaving as MIG v0.1 requires; the message says what it saw. */
public final class CheckFailed extends RuntimeException {

    public CheckFailed(String message) {
        super(message, null, false, false);
    }
}
