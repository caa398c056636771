package io.migd.config;

/** A configuration value migd cannot start with; the message names the variable and the property key. */
public final class MigdConfigException extends RuntimeException {

    public MigdConfigException(String message) {
        super(message, null, false, false);
    }
}
