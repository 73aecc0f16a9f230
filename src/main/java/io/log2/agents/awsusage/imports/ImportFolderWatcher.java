package io.log2.agents.awsusage.imports;

import io.log2.agents.awsusage.AwsUsageConfig;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Imports the files dropped into the import folder. A file is taken once its size and time have not changed
 * between two scans (it has been written whole), then moved to {@code done/}, or to {@code failed/} with a
 * {@code .error.txt} beside it saying why. A metric series is named {@code <Namespace>--<Metric>--<resource>.csv}
 * with dots for the slashes of the namespace, e.g. {@code AWS.EC2--CPUUtilization--i-0abc.csv}.
 */
@ApplicationScoped
public class ImportFolderWatcher {

    private static final Logger LOG = Logger.getLogger(ImportFolderWatcher.class);

    @Inject
    AwsUsageConfig config;
    @Inject
    ImportService imports;

    private final Map<Path, String> seen = new HashMap<>();

    @Scheduled(every = "${log2.imports.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        Path dir = Path.of(config.imports().dir());
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
            LOG.errorf(e, "cannot scan the import folder %s", dir);
        }
    }

    private void take(Path dir, Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            ImportService.ImportReport report = imports.importFile(name, in, null, metricTarget(name), "folder", "system");
            move(file, dir.resolve("done"));
            LOG.infof("imported %s: %s, %d rows read, %d kept", name, report.kind(), report.rowsRead(), report.rowsKept());
        } catch (RuntimeException e) {
            Path failed = move(file, dir.resolve("failed"));
            Files.writeString(failed.resolveSibling(name + ".error.txt"), e.getMessage() + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            LOG.warnf("import of %s refused: %s", name, e.getMessage());
        }
    }

    /** The series a metric CSV holds, from its name; null when the name does not say. */
    static MetricSeriesTarget metricTarget(String fileName) {
        String base = fileName.replaceFirst("(?i)\\.csv(\\.gz)?$", "");
        List<String> parts = List.of(base.split("--"));
        if (parts.size() != 3 || parts.stream().anyMatch(String::isBlank)) {
            return null;
        }
        return new MetricSeriesTarget(parts.get(0).replace('.', '/'), parts.get(1), parts.get(2));
    }

    private static Path move(Path file, Path to) throws IOException {
        Files.createDirectories(to);
        return Files.move(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
}
