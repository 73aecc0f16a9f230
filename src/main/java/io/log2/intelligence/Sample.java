package io.log2.intelligence;

import java.time.Instant;

/**
 * One sample of a series as the learners read it: where and when it was taken, its value, and the unit-free
 * features computed from the samples of the same series before it (z values, an unusualness score, counts since as
 * high or as low). An agent whose facts carry such features implements it on its fact type (a metric sample with
 * its features, say), so the learners name no agent. A feature the history is too short for is null.
 */
public interface Sample {

    /** The number of samples in a week at one sample every five minutes: the longest look-back of the counts. */
    int WEEK = 2016;

    String namespace();

    String metric();

    String resource();

    Instant timestamp();

    double value();

    Double ewma();

    Double longStdDev();

    Double shortZ();

    Double longZ();

    Double changeZ();

    Double score();

    Double recentScore();

    Double recentLongZ();

    Double recentChangeZ();

    Double sinceAsHigh();

    Double sinceAsLow();
}
