package io.log2.intelligence.eval;

import io.log2.agents.awsusage.SampleFeatures;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.NabScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain z-score baseline: an alert where the value lies more than {@code threshold} long-window deviations from
 * the long-window mean ({@code |longZ|}), except within {@code holdOff} samples after the last alert. Both are tuned
 * on the series it is scored on (a grid, the best NAB score), as a benchmark's own parameters are.
 */
record ZScore(double threshold, int holdOff) {

    private static final int[] HOLD_OFFS = {0, 6, 12, 24, 48, 72, 144, 288, 576};

    boolean[] alerts(List<SampleFeatures> series) {
        boolean[] alerts = new boolean[series.size()];
        int last = Integer.MIN_VALUE / 2;
        for (int i = 0; i < series.size(); i++) {
            Double z = series.get(i).longZ();
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
        for (double t = 1.5; t <= 12; t += 0.25) {
            for (int h : HOLD_OFFS) {
                ZScore z = new ZScore(t, h);
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
        return best;
    }
}
