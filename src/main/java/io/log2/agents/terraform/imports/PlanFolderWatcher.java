package io.log2.agents.terraform.imports;

import io.log2.agents.terraform.TerraformConfig;
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
 * Checks the plan files dropped into {@code log2.terraform.imports-dir}. A file is taken once its size and time
 * have not changed between two scans (it has been written whole), checked in a run of the terraform agent, then
 * moved to {@code done/}, or to {@code failed/} with a {@code .error.txt} beside it saying why.
 */
@ApplicationScoped
public class PlanFolderWatcher {

    private static final Logger LOG = Logger.getLogger(PlanFolderWatcher.class);

    @Inject
    TerraformConfig config;
    @Inject
    PlanImports imports;

    private final Map<Path, String> seen = new HashMap<>();

    @Scheduled(every = "${log2.terraform.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
            LOG.errorf(e, "cannot scan the plan folder %s", dir);
        }
    }

    private void take(Path dir, Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            PlanImports.PlanRun run = imports.check(name, in);
            move(file, dir.resolve("done"));
            LOG.infof("checked plan %s: run %s, %d findings", name, run.run().runId(), run.run().findings().size());
        } catch (RuntimeException e) {
            Path failed = move(file, dir.resolve("failed"));
            Files.writeString(failed.resolveSibling(name + ".error.txt"), e.getMessage() + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            LOG.warnf("plan %s refused: %s", name, e.getMessage());
        }
    }

    private static Path move(Path file, Path to) throws IOException {
        Files.createDirectories(to);
        return Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
