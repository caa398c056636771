package io.migd.support;

import io.migd.app.MigdLauncher;
import org.apache.camel.CamelContext;
import org.apache.camel.test.AvailablePortFinder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A really started gateway for a test class: the project's own application.properties and routes/, on a free
 * 127.0.0.1 port, stopped after the class. Register with {@code @RegisterExtension static Gateway gw = ...}.
 */
public final class Gateway implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> overrides = new HashMap<>(Map.of(
            // (the default too) the Camel CLI connector keys its files by process id: two gateways in one JVM would
            // share them, and one stopping would make the other's connector terminate it
            "migd.management.cli-connector", "false"));
    private Path home = Path.of(".");
    private MigdLauncher launcher;
    private int port;
    private MigClient client;

    /** Where application.properties, routes/ and schemas/ come from (default: the project itself). */
    public Gateway home(Path home) {
        this.home = home;
        return this;
    }

    public Gateway with(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    public void start() throws Exception {
        port = AvailablePortFinder.getNextAvailable();
        Map<String, String> all = new HashMap<>(overrides);
        all.put("migd.addr", "127.0.0.1:" + port);
        launcher = new MigdLauncher(home, all);
        launcher.start();
        client = new MigClient(URI.create("http://127.0.0.1:" + port));
    }

    public void stop() throws Exception {
        if (launcher != null) {
            launcher.stop();
            launcher = null;
        }
    }

    public int port() {
        return port;
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public MigClient client() {
        return client;
    }

    public CamelContext camelContext() {
        return launcher.camelContext();
    }
}
