package io.log2.intelligence.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.intelligence.Learned;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.RowLabels;
import io.log2.intelligence.Training;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The noise learner on rows whose labelled findings are worked out by hand. */
class NoiseLearnerTest {

    private final NoiseLearner learner = new NoiseLearner();

    private static RowLabels row(String id, String threshold, String test, int useful, int noise, int expected,
                                 List<Double> kept, List<Double> dropped) {
        return new RowLabels("thresholds.drl.xlsx", "MetricThresholds", id, Map.of("Threshold", threshold, "Test", test),
                useful, noise, expected, kept, dropped);
    }

    private List<RowChange> learn(RowLabels... rows) {
        Learned learned = learner.learn(new Training(List.of(), List.of(rows)));
        assertEquals("noise", learned.evidence().learner());
        return learned.rows();
    }

    @Test
    void aRowWhoseFindingsAreAllNoiseIsRetiredWithItsCounts() {
        List<RowChange> changes = learn(row("Cpu", "80", ">", 0, 6, 0, List.of(), List.of(81.0, 85.0, 90.0, 82.0, 83.0, 84.0)));
        assertEquals(1, changes.size());
        assertEquals(RowChange.Kind.REMOVE, changes.get(0).kind());
        assertEquals("Cpu", changes.get(0).rowId());
        assertTrue(changes.get(0).reason().contains("of its 6 labelled findings 6 are noise, 0 useful, 0 expected"),
                changes.get(0).reason());
    }

    @Test
    void aRowWithWeakNoiseIsRaisedBetweenTheNoiseAndTheWeakestUsefulPeak() {
        // noise peaks 82, 84, 86 and 97; useful 91 and 95: 82 to 86 can go, 97 cannot without losing 91
        List<RowChange> changes = learn(row("Cpu", "80", ">", 2, 4, 0, List.of(95.0, 91.0), List.of(82.0, 84.0, 86.0, 97.0)));
        assertEquals(1, changes.size());
        assertEquals(RowChange.Kind.CHANGE, changes.get(0).kind());
        assertEquals(Map.of("Threshold", "90"), changes.get(0).cells());
        assertTrue(changes.get(0).reason().startsWith("raise Cpu from 80 to 90"), changes.get(0).reason());
    }

    @Test
    void aRowThatAlertsBelowItsThresholdIsLowered() {
        // availability below 99: noise at 98.9 and 98.5, useful at 90; expected at 95 is kept too
        List<RowChange> changes = learn(row("Avail", "99", "<", 1, 4, 1, List.of(90.0, 95.0), List.of(98.9, 98.5, 98.7, 98.8)));
        assertEquals(Map.of("Threshold", "97"), changes.get(0).cells());
        assertTrue(changes.get(0).reason().startsWith("lower Avail from 99 to 97"), changes.get(0).reason());
    }

    @Test
    void rowsThatAreNotMostlyNoiseOrCannotBeSeparatedOrHaveTooFewLabelsStay() {
        assertEquals(List.of(), learn(
                row("Half", "80", ">", 3, 3, 0, List.of(95.0, 96.0, 97.0), List.of(81.0, 82.0, 83.0)),
                row("Strong", "80", ">", 1, 5, 0, List.of(85.0), List.of(90.0, 91.0, 92.0, 93.0, 94.0)),
                row("Few", "80", ">", 0, 4, 0, List.of(), List.of(81.0, 82.0, 83.0, 84.0)),
                row("Text", "high", ">", 1, 5, 0, List.of(95.0), List.of(81.0, 82.0, 83.0, 84.0, 85.0)),
                row("Expected", "80", ">", 0, 4, 2, List.of(), List.of(81.0, 82.0, 83.0, 84.0))));
    }

    @Test
    void theNewThresholdIsTheShortestDecimalStrictlyBetween() {
        assertEquals(1.5, NoiseLearner.between(1.4, 1.62));
        assertEquals(1.45, NoiseLearner.between(1.44, 1.46));
        assertTrue(NoiseLearner.between(1.0, 1.0000001) > 1.0);
    }
}
