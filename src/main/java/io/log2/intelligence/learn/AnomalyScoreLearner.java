package io.log2.intelligence.learn;

import io.log2.intelligence.Learned;
import io.log2.intelligence.Learner;
import io.log2.intelligence.Signal;
import io.log2.intelligence.Training;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One row on the per-series anomaly score: {@code score > t} after a quiet while ({@code recentScore <= t}: no sample
 * of the last few hours scored above it), with {@code t} the value (among the score's quantiles on
 * the training samples and the steps of a quarter from 0.5 to 10) at which the row reaches the best NAB score on the
 * labelled history.
 */
@ApplicationScoped
public class AnomalyScoreLearner implements Learner {

    @Override
    public String name() {
        return "anomaly-score";
    }

    @Override
    public Learned learn(Training training) {
        double[] values = Candidates.values(training, Signal.Feature.SCORE);
        List<Double> thresholds = new ArrayList<>();
        for (double t = 0.5; t < 10; t += 0.25) {
            thresholds.add(t);
        }
        for (double q = 0.9; q < 0.9999; q += 0.0025) {
            if (values.length > 0) {
                thresholds.add(Candidates.quantile(values, q));
            }
        }
        Candidates candidates = new Candidates(training);
        Candidates.Choice best = new Candidates.Choice(List.of(), candidates.choose(List.of()).nab());
        for (double t : thresholds.stream().distinct().toList()) {
            Candidates.Choice c = candidates.choose(List.of(new Signal(List.of(new Signal.Bound(Signal.Feature.SCORE, true, t),
                    new Signal.Bound(Signal.Feature.RECENT_SCORE, false, t)))));
            if (c.nab() > best.nab()) {
                best = c;
            }
        }
        String reason = String.format(Locale.ROOT, "the score threshold with the best NAB score on the labelled history: %.1f", best.nab());
        return new Learned(LearnedRows.additions(name(), training, best.rows(), reason),
                new Learned.Evidence(name(), training.window(), training.series().size(), training.samples(),
                        training.anomalousSamples(), best.nab()));
    }
}
