package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.cycle.CycleResult;
import io.log2.agents.awsusage.cycle.MonitoringCycle;
import io.log2.agents.awsusage.imports.AnomalyWindows.Window;
import io.log2.logs.FeedbackService;
import io.log2.logs.FindingFeedback;
import io.log2.logs.LoggedFinding;
import jakarta.enterprise.context.ApplicationScoped;
import io.log2.imports.UploadLimits;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Imports a folder of labelled history: metric series with their labelled anomaly windows ({@code windows.json},
 * the NAB layout). Everything is read and checked before anything is stored; then all series are stored in one
 * transaction, a monitoring cycle evaluates them (the way it evaluates any history), and each finding they raised
 * is labelled by the windows: {@code useful} when one of its firings' samples lies inside a window of its file,
 * {@code noise} otherwise. The labeller is the import ({@code import:<folder>}), so a person's label is never
 * replaced and a later one replaces the import's.
 */
@ApplicationScoped
public class LabelledImport {

    /** How long the import waits for a cycle already running to finish before its own. */
    static final Duration CYCLE_WAIT = Duration.ofMinutes(5);
    private static final Logger LOG = Logger.getLogger(LabelledImport.class);

    /** What the import did for one series file. */
    public record SeriesReport(String file, String namespace, String metric, String resource, int samples, int windows,
                               int findings, int useful, int noise, int keptPersonLabels) {
    }

    /** What the import did: the folder, the cycle that evaluated it, and per file the findings it labelled. */
    public record LabelledReport(String folder, long cycle, String cycleStatus, String runId, int samples, int findings,
                                 int useful, int noise, int keptPersonLabels, List<SeriesReport> files) {
    }

    @Inject
    UploadLimits limits;
    @Inject
    ImportService imports;
    @Inject
    MonitoringCycle cycles;
    @Inject
    FeedbackService feedback;
    @Inject
    AwsUsageAgent agent;

    public LabelledReport importFolder(String name, InputStream zipped, String user) {
        LabelledFolder folder = LabelledFolder.read(name, zipped, limits.maxUncompressedBytes());
        SeriesTargets targets = SeriesTargets.read(folder.targets());
        ExportImporter importer = new ExportImporter(limits.maxBytes(), limits.maxUncompressedBytes());
        Map<String, ImportResult> series = new LinkedHashMap<>();
        Map<String, Set<Instant>> timestamps = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> file : folder.series().entrySet()) {
            MetricSeriesTarget target = targets.of(file.getKey());
            ImportResult result;
            try {
                result = importer.read(file.getKey(), new ByteArrayInputStream(file.getValue()), ExportKind.METRIC_SERIES, target);
            } catch (ImportRejectedException e) {
                throw new ImportRejectedException(e.status(), file.getKey() + ", " + e.where(), file.getKey() + ": " + e.getMessage());
            }
            series.put(file.getKey(), result);
            Set<Instant> times = new HashSet<>();
            result.metrics().forEach(s -> times.add(s.timestamp()));
            timestamps.put(file.getKey(), times);
        }
        Map<String, List<Window>> windows = AnomalyWindows.read(folder.windows(), timestamps);

        try {
            imports.storeAll(series.values(), "labelled", user, Instant.now());
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot store the labelled folder %s", name);
            throw new ImportRejectedException(ImportRejectedException.UNAVAILABLE, "database",
                    "the folder could not be stored and nothing of it was kept; try again later");
        }
        // Every series is committed: the cycle evaluates whatever of it no cycle has evaluated yet.
        CycleResult cycle = cycles.runAfterCurrent(CYCLE_WAIT);
        return label(folder.name(), cycle, series, windows);
    }

    private LabelledReport label(String folder, CycleResult cycle, Map<String, ImportResult> series,
                                 Map<String, List<Window>> windows) {
        Map<Long, String> labels = new LinkedHashMap<>();
        List<Counts> counts = new ArrayList<>();
        for (Map.Entry<String, ImportResult> e : series.entrySet()) {
            List<MetricSample> samples = e.getValue().metrics();
            MetricSample any = samples.isEmpty() ? null : samples.get(0);
            Counts c = new Counts(e.getKey(), any, samples.size(), windows.get(e.getKey()).size());
            counts.add(c);
            if (any == null) {
                continue;
            }
            Instant first = samples.stream().map(MetricSample::timestamp).min(Instant::compareTo).orElseThrow();
            Instant last = samples.stream().map(MetricSample::timestamp).max(Instant::compareTo).orElseThrow();
            for (LoggedFinding f : feedback.findingsSeen(AwsUsageAgent.NAME, agent.subjectOf(any).subject(), first, last)) {
                // The finding's firings are its samples from firstSeen to lastSeen: one inside a window makes it useful.
                boolean useful = windows.get(e.getKey()).stream().anyMatch(w -> w.overlaps(f.firstSeen, f.lastSeen));
                labels.put(f.id, useful ? FindingFeedback.USEFUL : FindingFeedback.NOISE);
                c.findings.add(f.id);
            }
        }
        String labeller = "import:" + (folder.length() > 500 ? folder.substring(0, 500) : folder);
        Set<Long> keptByPerson = feedback.giveFromImport(labels, labeller);
        List<SeriesReport> files = new ArrayList<>();
        for (Counts c : counts) {
            int useful = 0;
            int noise = 0;
            int kept = 0;
            for (Long id : c.findings) {
                if (keptByPerson.contains(id)) {
                    kept++;
                } else if (labels.get(id).equals(FindingFeedback.USEFUL)) {
                    useful++;
                } else {
                    noise++;
                }
            }
            files.add(new SeriesReport(c.file, c.sample == null ? null : c.sample.namespace(),
                    c.sample == null ? null : c.sample.metric(), c.sample == null ? null : c.sample.resource(), c.samples,
                    c.windows, c.findings.size(), useful, noise, kept));
        }
        return new LabelledReport(folder, cycle.id(), cycle.status(), cycle.runId(),
                files.stream().mapToInt(SeriesReport::samples).sum(), files.stream().mapToInt(SeriesReport::findings).sum(),
                files.stream().mapToInt(SeriesReport::useful).sum(), files.stream().mapToInt(SeriesReport::noise).sum(),
                files.stream().mapToInt(SeriesReport::keptPersonLabels).sum(), files);
    }

    private static final class Counts {
        final String file;
        final MetricSample sample;
        final int samples;
        final int windows;
        final List<Long> findings = new ArrayList<>();

        Counts(String file, MetricSample sample, int samples, int windows) {
            this.file = file;
            this.sample = sample;
            this.samples = samples;
            this.windows = windows;
        }
    }
}
