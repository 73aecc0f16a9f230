package io.log2.intelligence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a learner learns from: labelled series, and the span of time they cover (the training window); in the service
 * also the labelled findings of each table row ({@link RowLabels}), which history read from a folder does not have.
 */
public record Training(List<LabelledSeries> series, List<RowLabels> rows) {

    public Training {
        series = List.copyOf(series);
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public Training(List<LabelledSeries> series) {
        this(series, List.of());
    }

    /** The training window: the first and last sample's time over all series, as {@code from..to}. */
    public String window() {
        Instant from = series.stream().flatMap(s -> s.features().stream()).map(f -> f.timestamp())
                .filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant to = series.stream().flatMap(s -> s.features().stream()).map(f -> f.timestamp())
                .filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        return from + ".." + to;
    }

    public int samples() {
        return series.stream().mapToInt(LabelledSeries::size).sum();
    }

    public int anomalousSamples() {
        int n = 0;
        for (LabelledSeries s : series) {
            for (int i = 0; i < s.size(); i++) {
                n += s.anomalous(i) ? 1 : 0;
            }
        }
        return n;
    }
}
