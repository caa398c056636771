package io.migd.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the files migd carries in its own jar (or classes folder) under a folder, as {@code classpath:} locations.
 * Explicit locations avoid a classpath wildcard scan, which walks every entry of the shaded jar and is slow.
 */
public final class BundledFiles {

    private BundledFiles() {
    }

    public static List<String> list(String folder, String suffix) {
        CodeSource source = BundledFiles.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return List.of();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            List<String> out = new ArrayList<>();
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(folder);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix))
                                .forEach(f -> out.add("classpath:" + location.relativize(f).toString()
                                        .replace('\\', '/')));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        if (!entry.isDirectory() && entry.getName().startsWith(folder + "/")
                                && entry.getName().endsWith(suffix)) {
                            out.add("classpath:" + entry.getName());
                        }
                    }
                }
            }
            Collections.sort(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
