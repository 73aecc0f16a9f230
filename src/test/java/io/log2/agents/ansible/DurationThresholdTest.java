package io.log2.agents.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.ansible.durations.DurationThreshold;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's slow-task threshold from its stored durations. */
class DurationThresholdTest {

    private static List<Double> oneToTwenty() {
        List<Double> d = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            d.add((double) i);
        }
        Collections.shuffle(d, new java.util.Random(3));
        return d;
    }

    @Test
    void ninetyFifthPercentileTimesTheFactorRoundedUp() {
        // 20 durations 1..20 s: the nearest-rank 95th percentile is the 19th smallest, 19 s; 1.5 x 19 = 28.5 -> 29
        assertEquals(19.0, DurationThreshold.p95(oneToTwenty()));
        assertEquals(29.0, new DurationThreshold(5, 1.5, 1).of(oneToTwenty()).getAsDouble());
        // 1.5 x 0.35537 = 0.533055: two significant digits, rounded up, 0.54; with a 1 s floor, 1
        List<Double> quick = List.of(0.35537, 0.35537, 0.35537, 0.35537, 0.35537);
        assertEquals(0.54, new DurationThreshold(5, 1.5, 0).of(quick).getAsDouble());
        assertEquals(1.0, new DurationThreshold(5, 1.5, 1).of(quick).getAsDouble());
        // 1.5 x 123.4 = 185.1 -> 190
        assertEquals(190.0, new DurationThreshold(1, 1.5, 1).of(List.of(123.4)).getAsDouble());
    }

    @Test
    void tooFewDurationsGiveNone() {
        assertTrue(new DurationThreshold(5, 1.5, 1).of(List.of(1.0, 2.0, 3.0, 4.0)).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new DurationThreshold(0, 1.5, 1));
        assertThrows(IllegalArgumentException.class, () -> new DurationThreshold(5, 0.5, 1));
    }
}
