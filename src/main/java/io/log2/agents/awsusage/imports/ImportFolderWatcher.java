package io.log2.agents.awsusage.imports;

import io.log2.agents.awsusage.AwsUsageConfig;
import io.log2.cluster.Lease;
import io.log2.imports.ImportFolder;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports the files dropped into the import folder. A file is taken once its size and time have not changed
 * between two scans (it has been written whole), then moved to {@code done/}, or to {@code failed/} with a
 * {@code .error.txt} beside it saying why. A metric series is named {@code <Namespace>--<Metric>--<resource>.csv}
 * with dots for the slashes of the namespace, e.g. {@code AWS.EC2--CPUUtilization--i-0abc.csv}.
 */
@ApplicationScoped
public class ImportFolderWatcher {

    @Inject
    AwsUsageConfig config;
    @Inject
    ImportService imports;

    private final ImportFolder folder;

    @Inject
    public ImportFolderWatcher(Lease lease) {
        folder = new ImportFolder("the import folder", lease);
    }

    @Scheduled(every = "${log2.imports.scan-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        folder.scan(Path.of(config.imports().dir()), (name, in) -> {
            ImportService.ImportReport report = imports.importFile(name, in, null, metricTarget(name), "folder", "system");
            return report.kind() + ", " + report.rowsRead() + " rows read, " + report.rowsKept() + " kept";
        });
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
}
