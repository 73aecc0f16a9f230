package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiringWindowTest {

    private static final Instant ANCHOR = Instant.parse("2026-11-27T10:00:00Z");

    private static Instant daysBefore(int days) {
        return ANCHOR.minusSeconds(86_400L * days);
    }

    @Test
    void withoutALowerBoundTheSpansGoBackADayThreeDaysTwelveDaysAndTheRestWithoutGapsOrOverlaps() {
        assertEquals(List.of(new FiringWindow(daysBefore(1), null), new FiringWindow(daysBefore(4), daysBefore(1)),
                new FiringWindow(daysBefore(16), daysBefore(4)), new FiringWindow(null, daysBefore(16))),
                FiringWindow.before(ANCHOR, null));
    }

    @Test
    void noSpanLiesWhollyBeforeTheLowerBoundAndTheLastReachesIt() {
        // from 2 days back: the last day, then everything older (the query's own bound stops it at from)
        assertEquals(List.of(new FiringWindow(daysBefore(1), null), new FiringWindow(null, daysBefore(1))),
                FiringWindow.before(ANCHOR, daysBefore(2)));
        // a lower bound exactly on a span's start ends the spans there
        assertEquals(List.of(new FiringWindow(daysBefore(1), null), new FiringWindow(null, daysBefore(1))),
                FiringWindow.before(ANCHOR, daysBefore(4)));
        // a range within the last day is one span
        List<FiringWindow> within = FiringWindow.before(ANCHOR, ANCHOR.minusSeconds(60));
        assertEquals(1, within.size());
        assertNull(within.get(0).from());
        assertNull(within.get(0).to());
    }
}
