package io.log2.intelligence.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Small cases worked out by hand from SCORING.md. A file of 20 rows has a probation of floor(0.15 * 20) = 3 rows
 * (0, 1, 2). Its one window is rows 10..13, width w = 4. Constants used below:
 * <pre>
 * scaledSigmoid(-1)    = 2 / (1 + e^-5)    - 1 = 2 / 1.0067379 - 1 = 0.9866143
 * scaledSigmoid(-0.75) = 2 / (1 + e^-3.75) - 1 = 2 / 1.0235177 - 1 = 0.9540453
 * scaledSigmoid(-0.25) = 2 / (1 + e^-1.25) - 1 = 2 / 1.2865048 - 1 = 0.5545997
 * scaledSigmoid(1/3)   = 2 / (1 + e^(5/3)) - 1 = 2 / 6.2944901 - 1 = -0.6822618
 * </pre>
 */
class NabScorerTest {

    private static final List<Window> ONE_WINDOW = List.of(new Window(10, 13));
    private static final double EPS = 1e-6;

    private static boolean[] detectedAt(int n, int... rows) {
        boolean[] d = new boolean[n];
        for (int r : rows) {
            d[r] = true;
        }
        return d;
    }

    @Test
    void probationIsFifteenPercentAtMost750Rows() {
        assertEquals(3, NabScorer.probation(20));    // floor(3.0)
        assertEquals(604, NabScorer.probation(4032)); // floor(604.8)
        assertEquals(750, NabScorer.probation(6000)); // floor(900) capped
    }

    @Test
    void scaledSigmoidIsMinusOneBeyondThree() {
        assertEquals(0, NabScorer.scaledSigmoid(0), EPS);
        assertEquals(0.9866143, NabScorer.scaledSigmoid(-1), EPS);
        assertEquals(-0.9999995, NabScorer.scaledSigmoid(3), EPS); // 2 / (1 + e^15) - 1
        assertEquals(-1, NabScorer.scaledSigmoid(3.0001), 0);
    }

    @Test
    void theEarliestDetectionOfAWindowCountsAndFalseAlarmsCostLessJustAfterIt() {
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        // row 1: in probation, ignored
        // row 5: outside, no window has ended yet: -fp = -0.11
        // rows 11 and 12 in the window; the earlier one counts:
        //   row 11: scaledSigmoid(-(13 - 11 + 1) / 4) / scaledSigmoid(-1) = 0.9540453 / 0.9866143 = 0.9669891
        // row 14: after the window, |13 - 14| / (4 - 1) = 1/3: scaledSigmoid(1/3) * 0.11 = -0.6822618 * 0.11 = -0.0750488
        // total = -0.11 + 0.9669891 - 0.0750488 = 0.7819403
        double raw = scorer.rawScore(20, ONE_WINDOW, detectedAt(20, 1, 5, 11, 12, 14));
        assertEquals(0.7819403, raw, EPS);

        // one window: perfect = 1, never firing = -1, so NAB = 100 * (0.7819403 + 1) / 2 = 89.097015
        NabScorer.CorpusScore corpus = scorer.score(List.of(scorer.file(20, ONE_WINDOW)), List.of(detectedAt(20, 1, 5, 11, 12, 14)));
        assertEquals(89.097015, corpus.nab(), 1e-4);
    }

    @Test
    void aDetectionAtTheRightEdgeIsWorthLittle() {
        // row 13: scaledSigmoid(-(13 - 13 + 1) / 4) / scaledSigmoid(-1) = 0.5545997 / 0.9866143 = 0.5621241
        assertEquals(0.5621241, new NabScorer(NabProfile.STANDARD).rawScore(20, ONE_WINDOW, detectedAt(20, 13)), EPS);
        // row 10, the left edge: scaledSigmoid(-1) / scaledSigmoid(-1) = tp = 1
        assertEquals(1, new NabScorer(NabProfile.STANDARD).rawScore(20, ONE_WINDOW, detectedAt(20, 10)), EPS);
    }

    @Test
    void aMissedWindowCostsFnAndNeverFiringScoresZero() {
        NabScorer standard = new NabScorer(NabProfile.STANDARD);
        assertEquals(-1, standard.rawScore(20, ONE_WINDOW, new boolean[20]), EPS);
        assertEquals(0, standard.score(List.of(standard.file(20, ONE_WINDOW)), List.of(new boolean[20])).nab(), EPS);
        // reward_low_FN_rate: a miss costs 2; a detector that never fires is still 0
        NabScorer lowFn = new NabScorer(NabProfile.REWARD_LOW_FN);
        assertEquals(-2, lowFn.rawScore(20, ONE_WINDOW, new boolean[20]), EPS);
        // a false alarm before the window and a missed window: -0.11 - 2 = -2.11, NAB = 100 * (-2.11 + 2) / 3 = -3.6667
        assertEquals(-3.666667, lowFn.score(List.of(lowFn.file(20, ONE_WINDOW)), List.of(detectedAt(20, 5))).nab(), 1e-4);
    }

    @Test
    void rewardLowFpDoublesTheFalseAlarms() {
        // as in the first case with fp = 0.22: -0.22 + 0.9669891 + (-0.6822618 * 0.22 = -0.1500976) = 0.5968915
        assertEquals(0.5968915, new NabScorer(NabProfile.REWARD_LOW_FP).rawScore(20, ONE_WINDOW, detectedAt(20, 5, 11, 14)), EPS);
    }

    @Test
    void aWindowWhollyInProbationIsSkipped() {
        // window 0..2 lies in the probation of 3 rows: not scored, not counted; only the false alarm at 5 (-0.11)...
        // ...which comes after the skipped window ended: |2 - 5| / (3 - 1) = 1.5, scaledSigmoid(1.5) = 2 / (1 + e^7.5) - 1
        // = 2 / 1809.0424 - 1 = -0.9988944, times 0.11 = -0.1098784
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        NabScorer.FileRows file = scorer.file(20, List.of(new Window(0, 2)));
        assertEquals(-0.1098784, file.score(detectedAt(20, 1, 5)), EPS);
        assertEquals(0, file.scoredWindows());
    }

    @Test
    void aFalseAlarmAfterAOneRowWindowCostsTheFullFp() {
        // w' - 1 = 0: |r' - i| / 0 is infinite, above 3, so scaledSigmoid = -1 and the alarm costs -0.11;
        // the window 10..10 itself is missed: -1
        assertEquals(-1.11, new NabScorer(NabProfile.STANDARD).rawScore(20, List.of(new Window(10, 10)), detectedAt(20, 11)), EPS);
    }

    @Test
    void theSweepKeepsTheThresholdWithTheBestTotal() {
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        double[] scores = new double[20];
        scores[5] = 0.9;  // a false alarm before the window: -0.11
        scores[10] = 0.8; // the window's first row: +1
        scores[1] = 5;    // in probation: never counts, whatever the threshold
        // threshold above 0.9: never fires, -1. At 0.9: -0.11 - 1 = -1.11. At 0.8: -0.11 + 1 = 0.89.
        // At 0: every row from 3 on fires; rows 3..9 cost 7 * -0.11 = -0.77 and rows 14..19 more, so less than 0.89.
        NabScorer.CorpusScore best = scorer.sweep(List.of(scorer.file(20, ONE_WINDOW)), List.of(scores));
        assertEquals(0.8, best.threshold(), 0);
        assertEquals(0.89, best.raw(), EPS);
        assertEquals(94.5, best.nab(), 1e-9); // 100 * (0.89 + 1) / 2
    }

    @Test
    void theSweepSharesOneThresholdAcrossFiles() {
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        // file a: its window's first row scores 0.5; file b: a false alarm before its window scores 0.7 and its
        // window's first row 0.3. At 0.5: a +1, b -0.11 - 1 -> -0.11. At 0.3: a +1, b -0.11 + 1 -> 1.89 (best).
        double[] a = new double[20];
        a[10] = 0.5;
        double[] b = new double[20];
        b[5] = 0.7;
        b[10] = 0.3;
        NabScorer.CorpusScore best = scorer.sweep(List.of(scorer.file(20, ONE_WINDOW), scorer.file(20, ONE_WINDOW)), List.of(a, b));
        assertEquals(0.3, best.threshold(), 0);
        assertEquals(1.89, best.raw(), EPS);
        assertEquals(100 * (1.89 + 2) / 4, best.nab(), 1e-9); // two windows: perfect 2, never firing -2
    }

    @Test
    void malformedWindowsAndDetectionsAreRefused() {
        NabScorer scorer = new NabScorer(NabProfile.STANDARD);
        assertThrows(IllegalArgumentException.class, () -> new Window(5, 4));
        assertThrows(IllegalArgumentException.class, () -> scorer.file(20, List.of(new Window(15, 20))));
        assertThrows(IllegalArgumentException.class, () -> scorer.file(20, List.of(new Window(5, 10), new Window(10, 12))));
        assertThrows(IllegalArgumentException.class, () -> scorer.rawScore(20, ONE_WINDOW, new boolean[19]));
        assertThrows(IllegalArgumentException.class, () -> NabProfile.named("lenient"));
    }
}
