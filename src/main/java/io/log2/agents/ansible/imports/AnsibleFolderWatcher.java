package io.log2.agents.ansible.imports;

import io.log2.agents.ansible.AnsibleConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Imports the playbook results dropped into {@code log2.ansible.imports-dir}, each as one run. A file is taken once
 * its size and time have not changed between two scans (it has been written whole), then moved to {@code done/}, or
 * to {@code failed/} with a {@code .error.txt} beside it saying why. The name says the playbook and the mode:
 * {@code site.json} is a run of {@code site}, {@code site--check.json} a check run of it.
 */
@ApplicationScoped
public class AnsibleFolderWatcher {

    private static final Logger LOG = Logger.getLogger(AnsibleFolderWatcher.class);

    @Inject
    AnsibleConfig config;
    @Inject
    AnsibleImportService imports;

    private final Map<Path, String> seen = new HashMap<>();

    @Scheduled(every = "${log2.ansible.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        Path dir = Path.of(config.importsDir());
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp")) {
                    continue;
                }
                String stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
                if (stamp.equals(seen.put(file, stamp))) {
                    seen.remove(file);
                    take(dir, file);
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "cannot scan the ansible import folder %s", dir);
        }
    }

    private void take(Path dir, Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            AnsibleImportService.ImportAnswer answer = imports.importFile(name, in, null, null, "folder", "system");
            move(file, dir.resolve("done"));
            LOG.infof("imported %s: playbook %s, run %s, %d findings", name, answer.summary().playbook(),
                    answer.run().runId(), answer.run().findings().size());
        } catch (RuntimeException e) {
            Path failed = move(file, dir.resolve("failed"));
            Files.writeString(failed.resolveSibling(name + ".error.txt"), e.getMessage() + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            LOG.warnf("import of %s refused: %s", name, e.getMessage());
        }
    }

    private static Path move(Path file, Path to) throws IOException {
        Files.createDirectories(to);
        return Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
