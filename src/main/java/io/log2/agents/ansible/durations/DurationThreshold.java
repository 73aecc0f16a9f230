package io.log2.agents.ansible.durations;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A task's slow-task threshold from its own stored durations: {@code factor} times their 95th percentile (nearest
 * rank), never below {@code minSeconds}, rounded up to two significant digits so that a person reads "13", not
 * "12.8734". Fewer than {@code minSamples} durations give none: too little to know what is usual.
 */
public record DurationThreshold(int minSamples, double factor, double minSeconds) {

    public DurationThreshold {
        if (minSamples < 1 || factor < 1 || minSeconds < 0) {
            throw new IllegalArgumentException("min samples >= 1, factor >= 1 and min seconds >= 0, not "
                    + minSamples + ", " + factor + ", " + minSeconds);
        }
    }

    public OptionalDouble of(List<Double> durations) {
        if (durations.size() < minSamples) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(roundUp(Math.max(minSeconds, factor * p95(durations))));
    }

    /** The nearest-rank 95th percentile: the smallest value at least 95% of the values are at most. */
    public static double p95(List<Double> durations) {
        List<Double> sorted = new ArrayList<>(durations);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(0.95 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static double roundUp(double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        return new BigDecimal(seconds).round(new MathContext(2, RoundingMode.CEILING)).doubleValue();
    }
}
