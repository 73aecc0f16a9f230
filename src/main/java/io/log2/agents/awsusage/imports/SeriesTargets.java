package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each series file of a labelled folder measures. In this order: its entry in {@code targets.json}
 * ({@code {"file.csv": {"namespace": "AWS/EC2", "metric": "CPUUtilization", "resource": "i-0abc"}}}); a name in the
 * import folder's form {@code <Namespace>--<Metric>--<resource>.csv}; or a NAB name {@code <service>_<metric>_<id>.csv}
 * of EC2, RDS or ELB ({@code ec2_cpu_utilization_24ae8d.csv} is {@code AWS/EC2}, {@code CPUUtilization},
 * {@code 24ae8d}). A file none of these names is refused.
 */
final class SeriesTargets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAB = Pattern.compile("(?i)(ec2|rds|elb)_([a-z]+(?:_[a-z]+)*)_([0-9a-z]+)\\.csv");
    private static final String T = LabelledFolder.TARGETS;

    private final JsonNode mapping;

    private SeriesTargets(JsonNode mapping) {
        this.mapping = mapping;
    }

    static SeriesTargets read(byte[] json) {
        if (json == null) {
            return new SeriesTargets(JSON.createObjectNode());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw ImportRejectedException.invalid(T, T + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw ImportRejectedException.invalid(T, T + " must be an object: {\"file.csv\": {\"namespace\": …, \"metric\": …, \"resource\": …}}");
        }
        return new SeriesTargets(root);
    }

    /** The target of one file; 422 when nothing names it. */
    MetricSeriesTarget of(String file) {
        JsonNode given = mapping.get(file);
        if (given != null) {
            return new MetricSeriesTarget(text(file, given, "namespace"), text(file, given, "metric"), text(file, given, "resource"));
        }
        MetricSeriesTarget named = ImportFolderWatcher.metricTarget(file);
        if (named != null) {
            return named;
        }
        Matcher nab = NAB.matcher(file);
        if (nab.matches()) {
            return new MetricSeriesTarget("AWS/" + nab.group(1).toUpperCase(Locale.ROOT), metric(nab.group(2)), nab.group(3));
        }
        throw ImportRejectedException.invalid(T + ", " + file, "cannot tell what " + file + " measures: name it "
                + "<Namespace>--<Metric>--<resource>.csv or give its namespace, metric and resource in " + T);
    }

    /** CloudWatch's name of a NAB metric: {@code cpu_utilization} is {@code CPUUtilization}, {@code network_in} {@code NetworkIn}. */
    private static String metric(String words) {
        StringBuilder out = new StringBuilder();
        for (String w : words.toLowerCase(Locale.ROOT).split("_")) {
            out.append(w.equals("cpu") ? "CPU" : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        }
        return out.toString();
    }

    private static String text(String file, JsonNode target, String field) {
        JsonNode v = target.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ImportRejectedException.invalid(T + ", " + file + ", " + field, T + ", " + file + ": " + field
                    + " must be given as text");
        }
        return v.asText().trim();
    }
}
