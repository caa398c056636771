package io.migd.conformance;

/** One named conformance check of a level (core, evented, streaming). */
public record Check(String level, String name, Body body) {

    /** The check itself: returns normally when the gateway conforms, throws {@link CheckFailed} otherwise. */
    @FunctionalInterface
    public interface Body {
        void run(RunContext run) throws Exception;
    }
}
