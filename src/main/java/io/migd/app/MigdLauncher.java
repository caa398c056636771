package io.migd.app;

import io.migd.config.BundledFiles;
import io.migd.config.MigdConfigException;
import io.migd.config.MigdConfiguration;
import io.migd.config.MigdSettings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.spi.PackageScanResourceResolver;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Starts migd as a service with camel-main and its embedded Vert.x HTTP server. The only class that knows camel-main.
 *
 * <p>The operator-editable files are read from the working directory (or {@code MIGD_HOME}) when present —
 * {@code application.properties}, {@code routes/}, {@code schemas/} — and otherwise from the copies inside the jar.
 */
public final class MigdLauncher {

    private final Main main;
    private volatile MigdConfigException configError;

    public MigdLauncher(Path home, Map<String, String> overrides) {
        LogFlusher.start();
        main = new Main(MigdLauncher.class);
        // the beans come from MigdConfiguration, added explicitly: no classpath scan for annotated classes (it walks
        // every class of the shaded jar)
        main.configure().withBasePackageScanEnabled(false);
        main.configure().addConfiguration(new MigdConfiguration());
        main.configure().withRoutesIncludePattern(routeFiles(home));
        main.setDefaultPropertyPlaceholderLocation(Files.isRegularFile(home.resolve("application.properties"))
                ? "file:" + home.resolve("application.properties").toAbsolutePath().normalize()
                : "classpath:application.properties");
        Properties initial = new Properties();
        initial.put(MigdSettings.SCHEMAS_LOCATION.key(), location(home, "schemas"));
        initial.putAll(overrides);
        main.setOverrideProperties(initial);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                startupShortcuts(support.getCamelContext());
                // validate before anything listens, and point the embedded server at MIGD_ADDR
                MigdSettings settings;
                try {
                    settings = MigdSettings.load(key -> support.getCamelContext().getPropertiesComponent()
                            .resolveProperty(key).orElse(null));
                } catch (MigdConfigException e) {
                    configError = e;
                    throw e;
                }
                requireFreePort(MigdSettings.ADDR.env(), settings.httpHost(), settings.httpPort());
                if (settings.grpcEnabled()) {
                    requireFreePort(MigdSettings.GRPC_ADDR.env(), settings.grpcHost(), settings.grpcPort());
                }
                support.configure().httpServer()
                        .withEnabled(true)
                        .withHost(settings.httpHost())
                        .withPort(settings.httpPort())
                        .withMaxBodySize(settings.maxBodyBytes());
                // Camel's management endpoints (developer console, health) share the gateway's HTTP server
                support.configure().httpManagementServer()
                        .withHost(settings.httpHost())
                        .withPort(settings.httpPort());
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                // JMX on (the agent exists once configured): Camel's MBeans go to the platform server as always
                ManagementAgent agent = support.getCamelContext().getManagementStrategy().getManagementAgent();
                if (agent != null && agent.getMBeanServer() == null
                        && !Boolean.FALSE.equals(agent.getUsePlatformMBeanServer())) {
                    agent.setMBeanServer(AnnotatedMBeanServer.wrap(ManagementFactory.getPlatformMBeanServer()));
                }
            }
        });
    }

    public static void main(String[] args) {
        String home = System.getenv("MIGD_HOME");
        MigdLauncher launcher = new MigdLauncher(Path.of(home == null || home.isBlank() ? "." : home), Map.of());
        int code;
        try {
            code = launcher.main.run(args);
        } catch (Exception e) {
            if (launcher.configError == null) {
                e.printStackTrace();
            }
            code = 1;
        }
        if (launcher.configError != null) {
            System.err.println("migd: " + launcher.configError.getMessage());
            code = 2;
        }
        // a failed start can leave non-daemon Vert.x threads behind: always leave with the exit code
        System.exit(code);
    }

    /**
     * The same Camel, with less work at startup: classpath scans read each jar's index once, and the JMX description
     * of a managed class is built once, not once per MBean (see also {@link AnnotatedMBeanServer}).
     */
    private static void startupShortcuts(org.apache.camel.CamelContext context) {
        IndexedJarResourceResolver resolver = new IndexedJarResourceResolver();
        context.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class, resolver);
        try {
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(org.apache.camel.CamelContext started, boolean alreadyStarted) {
                    // the jar indexes are needed until the context has fully started
                }

                @Override
                public void onCamelContextFullyStarted(org.apache.camel.CamelContext started,
                        boolean alreadyStarted) {
                    resolver.forgetIndexes();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("could not register the startup listener", e);
        }
        context.getCamelContextExtension().setManagementMBeanAssembler(new ClassCachingMBeanAssembler(context));
    }

    /** A taken port is a configuration error to report by name, not a stack trace from deep in Vert.x. */
    private void requireFreePort(String variable, String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            configError = new MigdConfigException(variable + ": cannot listen on " + host + ":" + port + " ("
                    + e.getMessage() + ")");
            throw configError;
        }
    }

    /** Starts without blocking (tests, embedding in a JVM that manages its own lifetime). */
    public void start() throws Exception {
        main.start();
        if (configError != null) {
            throw configError;
        }
    }

    public void stop() throws Exception {
        main.stop();
    }

    public org.apache.camel.CamelContext camelContext() {
        return main.getCamelContext();
    }

    /** The route files: those under {@code home/routes}, else the ones bundled in the jar. */
    private static String routeFiles(Path home) {
        Path dir = home.resolve("routes");
        if (Files.isDirectory(dir)) {
            return "file:" + dir.toAbsolutePath().normalize() + "/**/*.camel.yaml";
        }
        return String.join(",", BundledFiles.list("routes", ".camel.yaml"));
    }

    private static String location(Path home, String folder) {
        Path dir = home.resolve(folder);
        return Files.isDirectory(dir) ? "file:" + dir.toAbsolutePath().normalize() : "classpath:" + folder;
    }
}
