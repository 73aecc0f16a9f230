package io.log2.intelligence;

import io.log2.intelligence.score.Window;
import java.util.List;

/**
 * One metric series with its samples' features, oldest first, and its labelled anomaly windows (row indexes): a
 * sample inside a window is an anomaly, any other is not.
 */
public record LabelledSeries(String name, List<? extends Sample> features, List<Window> windows) {

    public LabelledSeries {
        features = List.copyOf(features);
        windows = List.copyOf(windows);
    }

    public int size() {
        return features.size();
    }

    public boolean anomalous(int row) {
        return windows.stream().anyMatch(w -> w.contains(row));
    }
}
