package io.migd.config;

/** One configuration value: its property key, the seed environment variable that feeds it, and its default. */
public record Setting(String key, String env, String defaultValue) {

    /** How an invalid value is reported: by the variable users set, and the key in application.properties. */
    public MigdConfigException invalid(String value, String expected) {
        return new MigdConfigException(env + " (" + key + "): invalid value '" + value + "'; expected " + expected);
    }
}
