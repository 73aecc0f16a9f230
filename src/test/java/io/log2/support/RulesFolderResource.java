package io.log2.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the test instance a private copy of the project's {@code rules/} folder, so tests can edit rule
 * files the way a user does without touching the shipped ones.
 */
public class RulesFolderResource implements QuarkusTestResourceLifecycleManager {

    private static Path folder;

    public static Path rulesDir() {
        return folder;
    }

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("log2-rules-");
            copy(Path.of("rules"), folder);
            return Map.of("log2.rules-dir", folder.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // left for inspection after a failed run; it lives in the system's temporary folder
    }

    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
