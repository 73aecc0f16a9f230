package io.log2.agents.awsusage.history;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.SampleFeatures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import smile.stat.distribution.KernelDensity;

/**
 * The features of metric samples, computed from the samples of the same series before each one and never from it or
 * later ones, so a feature is the same in a live cycle, an import and an evaluation, and is known when the sample
 * arrives. Every feature reads at most the {@value #HISTORY} samples before the sample, so a caller that hands in that
 * many earlier samples gets the same features as one that hands in the whole series.
 *
 * <p>The anomaly score is a Gaussian kernel density (Smile's {@link KernelDensity}, bandwidth by Silverman's rule)
 * fitted on the previous {@value #DENSITY} values: {@code score = -log10(mean over past values of
 * exp(-(x - past)^2 / 2h^2))}, the average kernel similarity of the value to the past ones, 0 when the past
 * lies on the value, at most {@value #MAX_SCORE} (further than 5 bandwidths from every past value). Smile's Isolation
 * Forest was the other candidate; it grows its trees on a parallel stream with per-thread random generators and a
 * shared Gaussian generator, so the same history scores differently from run to run, and a live cycle and an
 * evaluation would disagree. The density is deterministic, has no parameter to tune and, on one dimension, ranks
 * values as an isolation forest does (rare values lie far from the rest).
 */
public final class MetricFeatures {

    /** Samples in the short window (an hour of 5-minute samples). */
    public static final int SHORT = 12;
    /** Samples in the long window (a day of 5-minute samples). */
    public static final int LONG = 288;
    /** Samples the anomaly score's density is fitted on (three days of 5-minute samples). */
    static final int DENSITY = 864;
    /** Samples before a sample whose features its recent maxima read (four hours of 5-minute samples). */
    public static final int RECENT = 48;
    /** Samples the counts since the series was as high or as low look back over (a week of 5-minute samples). */
    public static final int WEEK = io.log2.intelligence.Sample.WEEK;
    /** The most samples before a sample that any of its features reads. */
    public static final int HISTORY = Math.max(DENSITY + RECENT, WEEK);
    /** Past values the density needs before it scores. */
    static final int MIN_HISTORY = 144;
    /** Weight of each newer sample in the exponentially weighted mean, taken over the long window (or what there is of it). */
    static final double EWMA_ALPHA = 0.1;
    /** The largest score and |z|: a value where the past had no spread at all. */
    public static final double MAX_SCORE = 10;
    public static final double MAX_Z = 1000;

    private MetricFeatures() {
    }

    /**
     * The features of {@code series.get(from)} onwards, each from the samples before it in {@code series}.
     *
     * @param series one series (namespace, metric, resource), oldest first, with at least {@value #HISTORY} samples
     *               before {@code from} where the series has them
     */
    public static List<SampleFeatures> of(List<MetricSample> series, int from) {
        double[] values = series.stream().mapToDouble(MetricSample::value).toArray();
        // The recent maxima of a sample read the features of the RECENT samples before it.
        int first = Math.max(0, from - RECENT);
        List<SampleFeatures> own = new ArrayList<>(series.size() - first);
        for (int i = first; i < series.size(); i++) {
            own.add(at(series.get(i), values, i));
        }
        List<SampleFeatures> out = new ArrayList<>(series.size() - from);
        for (int i = from; i < series.size(); i++) {
            List<SampleFeatures> recent = own.subList(Math.max(0, i - RECENT) - first, i - first);
            SampleFeatures f = own.get(i - first);
            out.add(new SampleFeatures(f.namespace(), f.metric(), f.resource(), f.timestamp(), f.value(), f.shortMean(),
                    f.shortStdDev(), f.longMean(), f.longStdDev(), f.ewma(), f.change(), f.shortZ(), f.longZ(), f.changeZ(),
                    f.score(), recentMax(recent, SampleFeatures::score), recentMax(recent, SampleFeatures::longZ),
                    recentMax(recent, SampleFeatures::changeZ), f.sinceAsHigh(), f.sinceAsLow()));
        }
        return out;
    }

    /** The largest magnitude of a feature over the samples before, or null when none of them has it. */
    private static Double recentMax(List<SampleFeatures> recent, java.util.function.Function<SampleFeatures, Double> feature) {
        Double max = null;
        for (SampleFeatures f : recent) {
            Double v = feature.apply(f);
            if (v != null && (max == null || Math.abs(v) > max)) {
                max = Math.abs(v);
            }
        }
        return max;
    }

    /** The features of every sample of a series, oldest first. */
    public static List<SampleFeatures> of(List<MetricSample> series) {
        return of(series, 0);
    }

    private static SampleFeatures at(MetricSample s, double[] values, int i) {
        double x = s.value();
        Stats shortWindow = Stats.of(values, Math.max(0, i - SHORT), i, SHORT / 2);
        Stats longWindow = Stats.of(values, Math.max(0, i - LONG), i, LONG / 2);
        Double ewma = null;
        if (shortWindow != null) {
            double e = values[Math.max(0, i - LONG)];
            for (int j = Math.max(0, i - LONG) + 1; j < i; j++) {
                e = EWMA_ALPHA * values[j] + (1 - EWMA_ALPHA) * e;
            }
            ewma = e;
        }
        Double change = i > 0 ? x - values[i - 1] : null;
        return new SampleFeatures(s.namespace(), s.metric(), s.resource(), s.timestamp(), x,
                shortWindow == null ? null : shortWindow.mean, shortWindow == null ? null : shortWindow.sd,
                longWindow == null ? null : longWindow.mean, longWindow == null ? null : longWindow.sd,
                ewma, change,
                shortWindow == null ? null : z(x - shortWindow.mean, shortWindow.sd),
                longWindow == null ? null : z(x - longWindow.mean, longWindow.sd),
                longWindow == null || change == null ? null : z(change, longWindow.sd),
                score(values, Math.max(0, i - DENSITY), i, x), null, null, null,
                since(values, i, true), since(values, i, false));
    }

    /**
     * The samples since the last one at least as high ({@code high}) or at most as low as {@code values[i]}, looking
     * back {@value #WEEK} samples: {@value #WEEK} + 1 when none of them was, null with fewer than
     * {@value #MIN_HISTORY} samples before.
     */
    static Double since(double[] values, int i, boolean high) {
        if (i < MIN_HISTORY) {
            return null;
        }
        double x = values[i];
        for (int j = i - 1; j >= Math.max(0, i - WEEK); j--) {
            if (high ? values[j] >= x : values[j] <= x) {
                return (double) (i - j);
            }
        }
        return WEEK + 1.0;
    }

    /** A difference in standard deviations, capped; a difference from a window without spread is the cap. */
    public static double z(double difference, double sd) {
        if (difference == 0) {
            return 0;
        }
        double z = sd > 0 ? difference / sd : Math.signum(difference) * MAX_Z;
        return Math.max(-MAX_Z, Math.min(MAX_Z, z));
    }

    /** The anomaly score of {@code x} against {@code values[from..to)}, or null with too little past. */
    static Double score(double[] values, int from, int to, double x) {
        if (to - from < MIN_HISTORY) {
            return null;
        }
        double[] past = Arrays.copyOfRange(values, from, to); // KernelDensity sorts its input
        double first = past[0];
        if (Arrays.stream(past).allMatch(v -> v == first)) {
            return x == first ? 0 : MAX_SCORE;
        }
        KernelDensity density = new KernelDensity(past);
        // p(x) * h * sqrt(2 pi) is the mean of exp(-(x - past)^2 / 2h^2) over the past values: 1 at most, no unit.
        double similarity = density.p(x) * density.bandwidth() * Math.sqrt(2 * Math.PI);
        return similarity <= 0 ? MAX_SCORE : Math.min(MAX_SCORE, Math.max(0, -Math.log10(similarity)));
    }

    /** Mean and sample standard deviation of a window, or null when it holds fewer than {@code min} values. */
    private record Stats(double mean, double sd) {
        static Stats of(double[] values, int from, int to, int min) {
            int n = to - from;
            if (n < Math.max(2, min)) {
                return null;
            }
            double sum = 0;
            for (int j = from; j < to; j++) {
                sum += values[j];
            }
            double mean = sum / n;
            double squares = 0;
            for (int j = from; j < to; j++) {
                squares += (values[j] - mean) * (values[j] - mean);
            }
            return new Stats(mean, Math.sqrt(squares / (n - 1)));
        }
    }
}
