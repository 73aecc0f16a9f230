package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The labelled anomaly windows of a folder ({@code windows.json}, the NAB layout): for each series file, a list of
 * windows {@code [start, end]}, inclusive, each an exact timestamp of a row of that file. Every file listed must be
 * in the folder; for an import every series of the folder must be listed too (with {@code []} when it has no
 * anomaly). The one reader of the layout: the import and the learn-and-score command ({@code eval.LabelledFolder}),
 * each with its own form of error.
 */
public final class AnomalyWindows {

    /** One labelled anomaly, from its first to its last row, both included. */
    public record Window(Instant start, Instant end) {

        boolean overlaps(Instant from, Instant to) {
            return !to.isBefore(start) && !from.isAfter(end);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String W = LabelledFolder.WINDOWS;

    private AnomalyWindows() {
    }

    /**
     * Reads and checks the windows against the timestamps of each series file, every series listed.
     *
     * @throws ImportRejectedException 422 naming the file and the window or field at fault
     */
    static Map<String, List<Window>> read(byte[] json, Map<String, Set<Instant>> timestamps) {
        return read(json, timestamps, true, ImportRejectedException::invalid);
    }

    /**
     * Reads and checks the windows against the timestamps of each series file.
     *
     * @param everySeriesListed whether a series the file does not list is refused (else it has no window)
     * @param refusal           the error to throw, from where the fault is (file, window, start or end) and what it is
     */
    public static Map<String, List<Window>> read(byte[] json, Map<String, Set<Instant>> timestamps,
            boolean everySeriesListed, BiFunction<String, String, ? extends RuntimeException> refusal) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? W : W + ", line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw refusal.apply(where, where + ": not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw refusal.apply(W, W + " must be an object naming each series file: "
                    + "{\"file.csv\": [[\"start\", \"end\"], ...]}");
        }
        Map<String, List<Window>> windows = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String file = e.getKey();
            Set<Instant> rows = timestamps.get(file);
            if (rows == null) {
                throw refusal.apply(W + ", " + file, W + " names " + file + ", which is not in the folder");
            }
            if (!e.getValue().isArray()) {
                throw refusal.apply(W + ", " + file, W + ", " + file
                        + ": must be a list of windows [start, end] ([] when the series has no anomaly)");
            }
            List<Window> list = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                list.add(window(file, i, e.getValue().get(i), rows, refusal));
            }
            windows.put(file, List.copyOf(list));
        }
        for (String file : timestamps.keySet()) {
            if (everySeriesListed && !windows.containsKey(file)) {
                throw refusal.apply(W + ", " + file, file + " is not listed in " + W
                        + "; list it with [] when it has no anomaly");
            }
        }
        return windows;
    }

    private static Window window(String file, int index, JsonNode node, Set<Instant> rows,
            BiFunction<String, String, ? extends RuntimeException> refusal) {
        String where = W + ", " + file + ", window " + (index + 1);
        if (!node.isArray() || node.size() != 2) {
            throw refusal.apply(where, where + ": a window is [start, end], two timestamps");
        }
        Instant start = timestamp(where + ", start", node.get(0), rows, refusal);
        Instant end = timestamp(where + ", end", node.get(1), rows, refusal);
        if (end.isBefore(start)) {
            throw refusal.apply(where + ", end", where + ": end " + node.get(1).asText()
                    + " is before start " + node.get(0).asText());
        }
        return new Window(start, end);
    }

    private static Instant timestamp(String where, JsonNode node, Set<Instant> rows,
            BiFunction<String, String, ? extends RuntimeException> refusal) {
        if (!node.isTextual()) {
            throw refusal.apply(where, where + ": must be a timestamp such as \"2014-02-26 13:45:00\"");
        }
        Instant t;
        try {
            t = ExportRow.parseInstant(node.asText().trim());
        } catch (DateTimeException e) {
            throw refusal.apply(where, where + ": '" + shorten(node.asText())
                    + "' is not a date and time (ISO-8601 or yyyy-MM-dd HH:mm:ss, UTC)");
        }
        if (!rows.contains(t)) {
            throw refusal.apply(where, where + ": " + node.asText()
                    + " is not the timestamp of a row of the file; windows start and end on rows");
        }
        return t;
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
