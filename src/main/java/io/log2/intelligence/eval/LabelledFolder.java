package io.log2.intelligence.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.MetricSample;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * A folder of metric series as the Numenta Anomaly Benchmark lays them out: {@code *.csv} files of
 * {@code timestamp,value} rows (in {@code data/} or in the folder itself) and, optionally, {@code windows.json}
 * naming each file's labelled anomaly windows by the timestamps of their first and last rows. Each file is read
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
        Map<String, List<String[]>> windows = labelled(folder) ? windows(folder.resolve("windows.json")) : Map.of();
        List<Path> files;
        try (Stream<Path> list = Files.list(data)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.csv series in " + data);
        }
        for (String named : windows.keySet()) {
            if (files.stream().noneMatch(p -> p.getFileName().toString().equals(named))) {
                throw new IllegalArgumentException("windows.json names " + named + ", which is not in " + data);
            }
        }
        List<SeriesFile> out = new ArrayList<>();
        for (Path file : files) {
            out.add(readFile(file, windows.getOrDefault(file.getFileName().toString(), List.of())));
        }
        return out;
    }

    private static SeriesFile readFile(Path file, List<String[]> windowTimes) throws IOException {
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
        Map<Instant, Integer> row = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            row.put(samples.get(i).timestamp(), i);
        }
        List<Window> windows = new ArrayList<>();
        for (String[] w : windowTimes) {
            Integer start = row.get(instant(w[0]));
            Integer end = row.get(instant(w[1]));
            if (start == null || end == null) {
                throw new IllegalArgumentException("window " + w[0] + " .. " + w[1] + " of " + name + " does not start and end at rows of the file");
            }
            windows.add(new Window(start, end));
        }
        return new SeriesFile(name, timestamps, samples, new LabelledSeries(name, MetricFeatures.of(samples), windows));
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

    private static Map<String, List<String[]>> windows(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(json + ": expected an object of file names to lists of [start, end]");
        }
        Map<String, List<String[]>> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String[]> list = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new IllegalArgumentException(json + ": a window of " + e.getKey() + " is not [start, end]: " + w);
                }
                list.add(new String[] {w.get(0).asText(), w.get(1).asText()});
            }
            out.put(e.getKey(), list);
        }
        return out;
    }
}
