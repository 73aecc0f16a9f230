package io.log2.intelligence.learn;

import io.log2.intelligence.Alerts;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.Signal;
import io.log2.intelligence.Training;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.NabScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses rows among candidates by what they score on the training series: the NAB score (standard profile) of the
 * alerts they raise, one row added at a time while a row still raises it, at most {@value #MAX_ROWS} rows; then each
 * row is swapped for a better candidate while one raises the score. Each
 * candidate's alerts are worked out once; a set of rows alerts where any of its rows does.
 */
final class Candidates {

    static final int MAX_ROWS = 20;

    private final Training training;
    private final NabScorer scorer = new NabScorer(NabProfile.STANDARD);
    private final List<NabScorer.FileRows> files = new ArrayList<>();

    Candidates(Training training) {
        this.training = training;
        for (LabelledSeries s : training.series()) {
            files.add(scorer.file(s.size(), s.windows()));
        }
    }

    /** The rows chosen, best first, and their NAB score on the training series. */
    record Choice(List<Signal> rows, double nab) {
    }

    Choice choose(List<Signal> all) {
        // A candidate that alerts nowhere cannot raise the score, and one that alerts exactly where an earlier one
        // does cannot beat it (a candidate is taken only when it scores strictly better): only the others are tried,
        // which leaves the choice as it was and keeps the learner quick.
        List<Signal> candidates = new ArrayList<>();
        List<List<boolean[]>> alerts = new ArrayList<>();
        java.util.Set<AlertKey> seen = new java.util.HashSet<>();
        for (Signal c : all) {
            boolean[][] perSeries = new boolean[training.series().size()][];
            boolean any = false;
            for (int s = 0; s < perSeries.length; s++) {
                perSeries[s] = Alerts.raised(training.series().get(s).features(), List.of(c));
                for (boolean b : perSeries[s]) {
                    any |= b;
                }
            }
            if (any && seen.add(new AlertKey(perSeries))) {
                candidates.add(c);
                alerts.add(List.of(perSeries));
            }
        }
        List<boolean[]> current = none();
        List<Signal> chosen = new ArrayList<>();
        double best = scorer.score(files, current).nab();
        while (chosen.size() < MAX_ROWS) {
            int pick = -1;
            double pickScore = best;
            for (int c = 0; c < candidates.size(); c++) {
                if (chosen.contains(candidates.get(c))) {
                    continue;
                }
                double score = scorer.score(files, union(current, alerts.get(c))).nab();
                if (score > pickScore + 1e-9) {
                    pick = c;
                    pickScore = score;
                }
            }
            if (pick < 0) {
                break;
            }
            chosen.add(candidates.get(pick));
            current = union(current, alerts.get(pick));
            best = pickScore;
        }
        // Then each chosen row is replaced by the candidate that raises the score most with the others, while one does.
        boolean improved = true;
        while (improved) {
            improved = false;
            for (int k = 0; k < chosen.size(); k++) {
                List<boolean[]> others = none();
                for (int j = 0; j < chosen.size(); j++) {
                    if (j != k) {
                        others = union(others, alerts.get(candidates.indexOf(chosen.get(j))));
                    }
                }
                for (int c = 0; c < candidates.size(); c++) {
                    if (chosen.contains(candidates.get(c))) {
                        continue;
                    }
                    double score = scorer.score(files, union(others, alerts.get(c))).nab();
                    if (score > best + 1e-9) {
                        chosen.set(k, candidates.get(c));
                        best = score;
                        improved = true;
                    }
                }
            }
        }
        return new Choice(chosen, best);
    }

    /** A candidate's alerts on every training series, compared by content. */
    private record AlertKey(boolean[][] alerts) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AlertKey k && java.util.Arrays.deepEquals(alerts, k.alerts);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.deepHashCode(alerts);
        }
    }

    private List<boolean[]> none() {
        List<boolean[]> out = new ArrayList<>();
        for (LabelledSeries s : training.series()) {
            out.add(new boolean[s.size()]);
        }
        return out;
    }

    private static List<boolean[]> union(List<boolean[]> a, List<boolean[]> b) {
        List<boolean[]> out = new ArrayList<>(a.size());
        for (int s = 0; s < a.size(); s++) {
            boolean[] x = a.get(s).clone();
            boolean[] y = b.get(s);
            for (int i = 0; i < x.length; i++) {
                x[i] |= y[i];
            }
            out.add(x);
        }
        return out;
    }

    /** The values a feature takes on the training samples after each series' probation, sorted. */
    static double[] values(Training training, Signal.Feature feature) {
        List<Double> out = new ArrayList<>();
        for (LabelledSeries s : training.series()) {
            for (int i = NabScorer.probation(s.size()); i < s.size(); i++) {
                Double v = feature.of(s.features().get(i));
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** The value at quantile {@code q} of sorted values, rounded to 2 decimals so that the row reads plainly. */
    static double quantile(double[] sorted, double q) {
        double v = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return Math.round(v * 100) / 100.0;
    }
}
