package io.log2.agents.awsusage.eval;

import io.log2.agents.awsusage.history.MetricFeatures;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.Sample;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.NabScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The plain z-score baseline: an alert where the value lies more than {@code threshold} deviations from a mean, except
 * within {@code holdOff} samples after the last alert. The mean is the short window's, the long window's or the
 * exponentially weighted one ({@link Deviation}); which one, the threshold and the hold-off are all tuned on the series
 * it is scored on (a grid, the best NAB score), as a benchmark's own parameters are.
 */
record ZScore(Deviation deviation, double threshold, int holdOff) {

    private static final int[] HOLD_OFFS = {0, 6, 12, 24, 48, 72, 144, 288, 576};

    /** How many deviations a value lies from a mean, without sign. */
    enum Deviation {
        SHORT("|shortZ|", Sample::shortZ),
        LONG("|longZ|", Sample::longZ),
        /** From the exponentially weighted mean, in deviations of the long window. */
        EWMA("|value - ewma| / longStdDev", f -> f.ewma() == null || f.longStdDev() == null ? null
                : MetricFeatures.z(f.value() - f.ewma(), f.longStdDev()));

        private final String text;
        private final Function<Sample, Double> read;

        Deviation(String text, Function<Sample, Double> read) {
            this.text = text;
            this.read = read;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    boolean[] alerts(List<? extends Sample> series) {
        boolean[] alerts = new boolean[series.size()];
        int last = Integer.MIN_VALUE / 2;
        for (int i = 0; i < series.size(); i++) {
            Double z = deviation.read.apply(series.get(i));
            if (z != null && Math.abs(z) > threshold && i - last > holdOff) {
                alerts[i] = true;
                last = i;
            }
        }
        return alerts;
    }

    static ZScore tune(List<LabelledSeries> series, NabProfile profile) {
        NabScorer scorer = new NabScorer(profile);
        List<NabScorer.FileRows> files = series.stream().map(s -> scorer.file(s.size(), s.windows())).toList();
        ZScore best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Deviation d : Deviation.values()) {
            for (double t = 1.5; t <= 12; t += 0.25) {
                for (int h : HOLD_OFFS) {
                    ZScore z = new ZScore(d, t, h);
                    List<boolean[]> detected = new ArrayList<>();
                    for (LabelledSeries s : series) {
                        detected.add(z.alerts(s.features()));
                    }
                    double score = scorer.score(files, detected).nab();
                    if (score > bestScore) {
                        best = z;
                        bestScore = score;
                    }
                }
            }
        }
        return best;
    }
}
