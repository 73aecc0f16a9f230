package io.log2.intelligence;

import java.util.List;
import java.util.Map;

/**
 * What people (and labelled imports) said about the findings of one decision-table row: how many were labelled
 * {@code useful}, {@code noise} and {@code expected}, and, per label, the most extreme value each finding measured
 * (its firings' {@code $value}: the highest for a row that tests {@code >}, the lowest for {@code <}).
 *
 * @param file   the table file in {@code rules/<agent>/}
 * @param table  the rule table the row is in
 * @param rowId  the row's Id, the {@code rule} of its findings
 * @param cells  the row's cells by column label, as text
 * @param threshold where the row's threshold is and how it compares ({@link RowThreshold}); null when it has none
 */
public record RowLabels(String file, String table, String rowId, Map<String, String> cells, int useful, int noise,
                        int expected, List<Double> usefulPeaks, List<Double> noisePeaks, RowThreshold threshold) {

    /** A row of the shipped tables' kind: its threshold in a {@code Threshold} cell, compared as its {@code Test} cell says. */
    public RowLabels(String file, String table, String rowId, Map<String, String> cells, int useful, int noise,
                     int expected, List<Double> usefulPeaks, List<Double> noisePeaks) {
        this(file, table, rowId, cells, useful, noise, expected, usefulPeaks, noisePeaks,
                cells.get(RowThreshold.TEST) == null ? null
                        : new RowThreshold(RowThreshold.THRESHOLD, cells.get(RowThreshold.TEST).strip(), null, null));
    }

    public RowLabels {
        cells = Map.copyOf(cells);
        usefulPeaks = List.copyOf(usefulPeaks);
        noisePeaks = List.copyOf(noisePeaks);
    }

    public int labelled() {
        return useful + noise + expected;
    }
}
