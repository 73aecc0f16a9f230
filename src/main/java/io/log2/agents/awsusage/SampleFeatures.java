package io.log2.agents.awsusage;

import io.log2.intelligence.Sample;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A metric sample with the features rules and learners test, each computed from the samples of the same series
 * before it only (see {@code history.MetricFeatures}): the mean and standard deviation of the last
 * {@value io.log2.agents.awsusage.history.MetricFeatures#SHORT} and
 * {@value io.log2.agents.awsusage.history.MetricFeatures#LONG} samples, how many of those deviations the value lies
 * from each mean ({@code shortZ}, {@code longZ}), an exponentially weighted mean ({@code ewma}), the change from the
 * previous sample ({@code change}, and in long deviations, {@code changeZ}), and {@code score}: how unusual the value
 * is for the series' own past (a kernel density fitted on it; 0 for a common value, up to 10). {@code recentScore},
 * {@code recentLongZ} and {@code recentChangeZ} are the largest score, |longZ| and |changeZ| of the
 * {@value io.log2.agents.awsusage.history.MetricFeatures#RECENT} samples before, so a rule can fire when a feature
 * first crosses a threshold after a quiet while ({@code score > 4 && recentScore <= 4}). {@code sinceAsHigh} and
 * {@code sinceAsLow} count the samples since the series was last at least as high (as low) as this value, or are
 * {@value io.log2.agents.awsusage.history.MetricFeatures#WEEK} + 1 when none of the last
 * {@value io.log2.agents.awsusage.history.MetricFeatures#WEEK} samples (a week) was, so a rule can fire on a value
 * not seen for a while ({@code score > 9 && sinceAsHigh > 2016}: the highest in a week). The z values, the score and
 * the counts carry no unit, so one threshold reads alike for every series. A feature the history is too short for is null.
 */
public record SampleFeatures(@JsonProperty(required = true) String namespace,
                             @JsonProperty(required = true) String metric,
                             @JsonProperty(required = true) String resource,
                             Instant timestamp,
                             @JsonProperty(required = true) double value,
                             Double shortMean,
                             Double shortStdDev,
                             Double longMean,
                             Double longStdDev,
                             Double ewma,
                             Double change,
                             Double shortZ,
                             Double longZ,
                             Double changeZ,
                             Double score,
                             Double recentScore,
                             Double recentLongZ,
                             Double recentChangeZ,
                             Double sinceAsHigh,
                             Double sinceAsLow) implements Sample {
}
