package io.migd.conformance;

/** A check that cannot run against this gateway (e.g. the capability it needs is not offered). */
public final class CheckSkipped extends RuntimeException {

    public CheckSkipped(String reason) {
        super(reason, null, false, false);
    }
}
