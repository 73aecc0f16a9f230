package io.log2.agents.awsusage.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.SampleFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricFeaturesTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private static List<MetricSample> series(double... values) {
        List<MetricSample> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new MetricSample("AWS/EC2", "CPUUtilization", "i-1", T0.plusSeconds(300L * i), values[i], null));
        }
        return out;
    }

    /** A reproducible, irregular series: a slow wave, noise from a fixed generator and a few spikes. */
    private static double[] wave(int n) {
        java.util.Random random = new java.util.Random(7);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 40 + 10 * Math.sin(i / 50.0) + random.nextGaussian() * 2 + (i % 97 == 0 ? 30 : 0);
        }
        return v;
    }

    @Test
    void handCheckedValuesOnAShortSeries() {
        // index 6 has 6 samples before it: 1..6, enough for the short window (at least 12 / 2 = 6), not the long one
        SampleFeatures f = MetricFeatures.of(series(1, 2, 3, 4, 5, 6, 13)).get(6);
        assertEquals(13, f.value());
        assertEquals(3.5, f.shortMean(), 1e-12);                  // (1 + ... + 6) / 6
        assertEquals(1.8708287, f.shortStdDev(), 1e-6);            // sqrt(17.5 / 5): sample deviation
        assertEquals(5.0779636, f.shortZ(), 1e-6);                 // (13 - 3.5) / 1.8708287
        assertEquals(7, f.change(), 1e-12);                        // 13 - 6
        // EWMA from the oldest, 0.1 on each newer: 1, 1.1, 1.29, 1.561, 1.9049, 2.31441 (never the sample itself)
        assertEquals(2.31441, f.ewma(), 1e-9);
        assertNull(f.longMean(), "the long window needs 144 samples");
        assertNull(f.longZ());
        assertNull(f.score(), "the density needs 144 past values");
        assertNull(f.recentScore(), "no earlier sample has a score");
        // the first sample has no past at all
        SampleFeatures first = MetricFeatures.of(series(1, 2)).get(0);
        assertNull(first.change());
        assertNull(first.shortMean());
        assertNull(first.ewma());
    }

    @Test
    void handCheckedScores() {
        // 144 past values alternating 0 and 1: sd = 0.5017452, IQR = 1, spread = min(sd, 1 / 1.34) = 0.5017452,
        // bandwidth h = 1.06 * 0.5017452 * 144^-0.2 = 0.1968415 (Silverman's rule, as Smile computes it)
        double[] past = new double[145];
        for (int i = 0; i < 144; i++) {
            past[i] = i % 2;
        }
        // x = 0.5 lies 0.5 from every past value: exp(-0.25 / (2 h^2)) = 0.0397124, score -log10 of it = 1.4010742
        assertEquals(1.4010742, MetricFeatures.score(past, 0, 144, 0.5), 1e-6);
        // x = 0 lies on half the past: (1 + exp(-1 / (2 h^2)) ~ 2.5e-6) / 2, score = log10(2) = 0.30103
        assertEquals(0.30103, MetricFeatures.score(past, 0, 144, 0), 1e-5);
        // x = 3 lies further than 5 h from every past value: the cap
        assertEquals(10, MetricFeatures.score(past, 0, 144, 3), 0);
        // a past without spread: its own value scores 0, any other the cap
        double[] flat = new double[200];
        assertEquals(0, MetricFeatures.score(flat, 0, 200, 0), 0);
        assertEquals(10, MetricFeatures.score(flat, 0, 200, 0.001), 0);
        assertNull(MetricFeatures.score(flat, 0, 143, 0));
        // a difference from a window without spread is capped, not infinite
        assertEquals(MetricFeatures.MAX_Z, MetricFeatures.z(1, 0), 0);
        assertEquals(0, MetricFeatures.z(0, 0), 0);
    }

    @Test
    void handCheckedCountsSinceTheSeriesWasAsHighOrAsLow() {
        // 0, 1, ..., 9 over and over for 144 samples (the last, index 143, is 3), then 5, 12, -1, 12
        double[] values = new double[148];
        for (int i = 0; i < 144; i++) {
            values[i] = i % 10;
        }
        values[144] = 5;
        values[145] = 12;
        values[146] = -1;
        values[147] = 12;
        List<SampleFeatures> f = MetricFeatures.of(series(values));
        assertNull(f.get(143).sinceAsHigh(), "143 samples before: too short a history");
        assertNull(f.get(143).sinceAsLow());
        // 5: index 139 (9) is the last at least as high, 5 samples back; index 143 (3) the last at most as low, 1 back
        assertEquals(5, f.get(144).sinceAsHigh(), 0);
        assertEquals(1, f.get(144).sinceAsLow(), 0);
        // 12: never reached before, so more than a week; 5 just before is lower
        assertEquals(MetricFeatures.WEEK + 1, f.get(145).sinceAsHigh(), 0);
        assertEquals(1, f.get(145).sinceAsLow(), 0);
        // -1: the lowest so far
        assertEquals(1, f.get(146).sinceAsHigh(), 0);
        assertEquals(MetricFeatures.WEEK + 1, f.get(146).sinceAsLow(), 0);
        // 12 again: as high as index 145, 2 samples back (an equal value counts)
        assertEquals(2, f.get(147).sinceAsHigh(), 0);
        assertEquals(1, f.get(147).sinceAsLow(), 0);
    }

    @Test
    void theCountsLookBackOneWeek() {
        double[] values = new double[2200];
        values[100] = 5;
        values[2116] = 5; // index 100 is WEEK samples back: within the week
        values[2118] = 6;
        values[2119] = 5; // index 2118 is 1 back
        assertEquals(MetricFeatures.WEEK, MetricFeatures.since(values, 2116, true), 0);
        assertEquals(1, MetricFeatures.since(values, 2119, true), 0);
        values[2116] = 0;
        values[2117] = 5; // index 100 is now WEEK + 1 samples back: out of reach, as if never
        assertEquals(MetricFeatures.WEEK + 1, MetricFeatures.since(values, 2117, true), 0);
        assertEquals(1, MetricFeatures.since(values, 2117, false), 0);
    }

    @Test
    void recentMaximaAreTheLargestMagnitudesOfTheSamplesBefore() {
        List<SampleFeatures> all = MetricFeatures.of(series(wave(1200)));
        int i = 1000;
        double score = 0;
        double longZ = 0;
        double changeZ = 0;
        for (int j = i - MetricFeatures.RECENT; j < i; j++) {
            score = Math.max(score, all.get(j).score());
            longZ = Math.max(longZ, Math.abs(all.get(j).longZ()));
            changeZ = Math.max(changeZ, Math.abs(all.get(j).changeZ()));
        }
        assertEquals(score, all.get(i).recentScore(), 0);
        assertEquals(longZ, all.get(i).recentLongZ(), 0);
        assertEquals(changeZ, all.get(i).recentChangeZ(), 0);
    }

    @Test
    void changingALaterValueNeverChangesAnEarlierFeature() {
        double[] values = wave(1200);
        List<SampleFeatures> before = MetricFeatures.of(series(values));
        values[900] += 500;
        values[1100] = -3;
        List<SampleFeatures> after = MetricFeatures.of(series(values));
        assertEquals(before.subList(0, 900), after.subList(0, 900));
        assertNotEquals(before.get(900), after.get(900));
        assertNotEquals(before.get(901).shortMean(), after.get(901).shortMean(), "a sample's past includes the one before");
    }

    @Test
    void theHistoryBeforeASampleIsEnoughToComputeItsFeatures() {
        // A live cycle hands in the HISTORY samples before what arrived; an evaluation the whole series.
        List<MetricSample> whole = series(wave(2600));
        List<SampleFeatures> all = MetricFeatures.of(whole);
        int from = 2200;
        List<SampleFeatures> live = MetricFeatures.of(whole.subList(from - MetricFeatures.HISTORY, whole.size()), MetricFeatures.HISTORY);
        assertEquals(all.subList(from, all.size()), live);
        assertEquals(null == all.get(from).score(), false);
        assertEquals(null == all.get(from).longZ(), false);
        assertEquals(null == all.get(from).sinceAsHigh(), false);
    }
}
