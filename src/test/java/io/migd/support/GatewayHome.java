package io.migd.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary copy of the project's application.properties, routes/ and schemas/, so that a test can add route files
 * (e.g. a capability of its own) to the gateway it starts with {@link Gateway#home(Path)}.
 */
public final class GatewayHome implements AutoCloseable {

    private final Path dir;

    public GatewayHome() throws IOException {
        dir = Files.createTempDirectory("migd-home");
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        copyTree(Path.of("routes"), dir.resolve("routes"));
        copyTree(Path.of("schemas"), dir.resolve("schemas"));
    }

    /** Adds {@code routes/<relative>} with the given YAML. */
    public GatewayHome route(String relative, String yaml) throws IOException {
        Files.writeString(dir.resolve("routes").resolve(relative), yaml);
        return this;
    }

    /**
     * A capability {@code id} whose route blocks its thread for {@code blockMs} (a synchronous delay) and answers
     * {@code {"thread", "message_id"}}; not declared nonBlocking, so the gateway runs it on its capability workers.
     */
    public static String blockingCapability(String id, long blockMs) {
        String route = "cap-" + id.replace('.', '-');
        return """
                - beans:
                    - name: capability-%1$s
                      type: io.migd.capability.CapabilityDeclaration
                      properties:
                        id: %1$s
                        version: 1.0.0
                        modes: unary
                        provider: direct:%2$s
                - route:
                    id: %2$s
                    routeConfigurationId: propagate-errors
                    from:
                      uri: direct:%2$s
                      steps:
                        - delay:
                            constant: "%3$d"
                            asyncDelayed: false
                        - setBody:
                            simple: '{"thread": "${threadName}", "message_id": "${header.MigMessageId}"}'
                """.formatted(id, route, blockMs);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(source -> {
                try {
                    Files.copy(source, to.resolve(from.relativize(source).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
