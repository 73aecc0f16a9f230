package io.log2.intelligence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a learner learns from: labelled series, and the span of time they cover (the training window). */
public record Training(List<LabelledSeries> series) {

    public Training {
        series = List.copyOf(series);
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
