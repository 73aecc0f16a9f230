package io.log2.agents.awsusage.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.agents.awsusage.SampleFeatures;
import io.log2.intelligence.LabelledSeries;
import io.log2.intelligence.score.NabProfile;
import io.log2.intelligence.score.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZScoreTest {

    /** A sample with the value, the long z, the short z and an EWMA of 10 with a long deviation of 2. */
    private static SampleFeatures sample(double value, double longZ, double shortZ) {
        return new SampleFeatures("AWS/EC2", "CPUUtilization", "i-1", Instant.EPOCH, value, 10.0, 2.0, 10.0, 2.0, 10.0,
                0.0, shortZ, longZ, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0);
    }

    @Test
    void eachDeviationAlertsAboveItsThresholdOutsideTheHoldOff() {
        // from the EWMA (10) in long deviations (2): 0, 5, 5, 0, 5, 4
        List<SampleFeatures> s = List.of(sample(10, 0, 0), sample(20, 0, 0), sample(20, 0, 0), sample(10, 0, 0),
                sample(20, 0, -9), sample(2, 0, 0));
        assertArrayEquals(new boolean[] {false, true, false, false, true, false},
                new ZScore(ZScore.Deviation.EWMA, 3, 1).alerts(s), "index 2 is within 1 sample of index 1's alert");
        assertArrayEquals(new boolean[] {false, true, true, false, true, true},
                new ZScore(ZScore.Deviation.EWMA, 3, 0).alerts(s), "no hold-off: every sample beyond; |2 - 10| / 2 = 4 below the mean too");
        assertArrayEquals(new boolean[] {false, false, false, false, true, false},
                new ZScore(ZScore.Deviation.SHORT, 3, 0).alerts(s), "only index 4 lies 9 short deviations below");
        assertArrayEquals(new boolean[6], new ZScore(ZScore.Deviation.LONG, 3, 0).alerts(s));
    }

    @Test
    void tuningPicksTheDeviationThatFindsTheIncident() {
        // 1000 samples, an incident in rows 800..899: the EWMA deviation is high only at its start, the long z only
        // at row 300, outside it; the short z never
        List<SampleFeatures> s = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            s.add(sample(i == 820 ? 30 : 10, i == 300 ? 8 : 0, 0));
        }
        ZScore tuned = ZScore.tune(List.of(new LabelledSeries("s", s, List.of(new Window(800, 899)))), NabProfile.STANDARD);
        assertEquals(ZScore.Deviation.EWMA, tuned.deviation());
        boolean[] alerts = tuned.alerts(s);
        for (int i = 0; i < alerts.length; i++) {
            assertEquals(i == 820, alerts[i], "row " + i);
        }
    }
}
