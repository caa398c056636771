package io.migd.conformance;

/** The verdict of one conformance check. */
public record CheckResult(String level, String name, Status status, String detail) {

    public enum Status { PASS, FAIL, SKIP }

    public String line() {
        return status + " " + level + "/" + name + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
