package io.log2.agents.awsusage.eval;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.imports.AnomalyWindows;
import io.log2.agents.awsusage.history.MetricFeatures;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.score.Window;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A folder of metric series as the Numenta Anomaly Benchmark lays them out: {@code *.csv} files of
 * {@code timestamp,value} rows (in {@code data/} or in the folder itself) and, optionally, {@code windows.json}
 * naming each file's labelled anomaly windows by the timestamps of their first and last rows (read by
 * {@link AnomalyWindows}, as an import reads them, but a series it does not list has no window). Each file is read
 * into samples of its series and their causal features ({@link MetricFeatures}).
 */
public final class LabelledFolder {

    /** One file: its name, its rows' timestamps as written, its samples and its labelled series. */
    public record SeriesFile(String name, List<String> timestamps, List<MetricSample> samples, LabelledSeries series) {
    }

    private LabelledFolder() {
    }

    /** Whether the folder labels its series ({@code windows.json}). */
    public static boolean labelled(Path folder) {
        return Files.isRegularFile(folder.resolve("windows.json"));
    }

    /** The folder's series, sorted by file name; without {@code windows.json}, none of them has a window. */
    public static List<SeriesFile> read(Path folder) throws IOException {
        Path data = Files.isDirectory(folder.resolve("data")) ? folder.resolve("data") : folder;
        List<Path> paths;
        try (Stream<Path> list = Files.list(data)) {
            paths = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no *.csv series in " + data);
        }
        Map<String, List<MetricSample>> files = new LinkedHashMap<>();
        Map<String, List<String>> timestamps = new HashMap<>();
        for (Path path : paths) {
            readFile(path, files, timestamps);
        }
        Map<String, List<AnomalyWindows.Window>> windows = labelled(folder) ? windows(folder.resolve("windows.json"), files) : Map.of();
        List<SeriesFile> out = new ArrayList<>();
        files.forEach((name, samples) -> out.add(new SeriesFile(name, timestamps.get(name), samples, new LabelledSeries(name,
                MetricFeatures.of(samples), rows(samples, windows.getOrDefault(name, List.of()))))));
        return out;
    }

    private static void readFile(Path file, Map<String, List<MetricSample>> files, Map<String, List<String>> timestampsOf)
            throws IOException {
        String name = file.getFileName().toString();
        String[] target = target(name);
        List<String> timestamps = new ArrayList<>();
        List<MetricSample> samples = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                String ts = r.get("timestamp").strip();
                double value;
                Instant at;
                try {
                    value = Double.parseDouble(r.get("value").strip());
                    at = instant(ts);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(name + " line " + (r.getRecordNumber() + 1) + ": not a timestamp and a number: " + r);
                }
                timestamps.add(ts);
                samples.add(new MetricSample(target[0], target[1], target[2], at, value, null));
            }
        }
        files.put(name, samples);
        timestampsOf.put(name, timestamps);
    }

    /** The windows of {@code windows.json}, read as the import reads them; a series it does not list has none. */
    private static Map<String, List<AnomalyWindows.Window>> windows(Path json, Map<String, List<MetricSample>> files)
            throws IOException {
        Map<String, Set<Instant>> timestamps = new HashMap<>();
        files.forEach((name, samples) -> timestamps.put(name, samples.stream().map(MetricSample::timestamp).collect(Collectors.toSet())));
        return AnomalyWindows.read(Files.readAllBytes(json), timestamps, false, (where, message) -> new IllegalArgumentException(message));
    }

    /** The windows as the rows of the series they start and end at. */
    private static List<Window> rows(List<MetricSample> samples, List<AnomalyWindows.Window> windows) {
        Map<Instant, Integer> row = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            row.put(samples.get(i).timestamp(), i);
        }
        return windows.stream().map(w -> new Window(row.get(w.start()), row.get(w.end()))).toList();
    }

    /**
     * The namespace, metric and resource a file's samples are given: {@code <Namespace>--<Metric>--<resource>.csv} as
     * the import folder names them (dots for slashes), else from the benchmark's names (EC2 and RDS CPU, EC2 disk
     * writes and network in), else a custom metric named after the file. The resource is the file's name.
     */
    static String[] target(String file) {
        String stem = file.substring(0, file.length() - ".csv".length());
        String[] parts = stem.split("--");
        if (parts.length == 3) {
            return new String[] {parts[0].replace('.', '/'), parts[1], parts[2]};
        }
        String lower = stem.toLowerCase(java.util.Locale.ROOT);
        String namespace = lower.startsWith("rds") ? "AWS/RDS" : lower.startsWith("ec2") || lower.startsWith("iio") ? "AWS/EC2" : "Custom";
        String metric = lower.contains("cpu_utilization") ? "CPUUtilization" : lower.contains("disk_write_bytes") ? "DiskWriteBytes"
                : lower.contains("networkin") || lower.contains("network_in") ? "NetworkIn" : stem;
        return new String[] {namespace, metric, stem};
    }

    /** {@code 2014-02-26 13:45:00} or {@code 2014-02-26 13:45:00.000000}, read as UTC; or an ISO-8601 instant. */
    static Instant instant(String text) {
        String t = text.strip();
        if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(t.replace(' ', 'T')).toInstant();
        }
        return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
}
