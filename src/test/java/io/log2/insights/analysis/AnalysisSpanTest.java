package io.log2.insights.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.log2.logic.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnalysisSpanTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void withoutEndsTheSpanIsTheLastThirtyDaysCountedByTheDay() {
        AnalysisSpan span = AnalysisSpan.of("a", null, " ", NOW);
        assertEquals(NOW, span.to());
        assertEquals(Instant.parse("2026-10-27T12:00:00Z"), span.from());
        assertEquals("day", span.bucket());
    }

    @Test
    void aMissingEndIsNowAndAMissingStartThirtyDaysBeforeTheEnd() {
        assertEquals(NOW, AnalysisSpan.of("a", "2026-11-25T00:00:00Z", null, NOW).to());
        assertEquals(Instant.parse("2026-10-01T00:00:00Z"), AnalysisSpan.of("a", null, "2026-10-31T00:00:00Z", NOW).from());
    }

    @Test
    void spansUpToThreeDaysAreCountedByTheHour() {
        assertEquals("hour", AnalysisSpan.of("a", "2026-11-23T12:00:00Z", null, NOW).bucket());
        assertEquals("day", AnalysisSpan.of("a", "2026-11-23T11:59:59Z", null, NOW).bucket());
    }

    @Test
    void badValuesNameTheirParameter() {
        assertEquals("from", assertThrows(InvalidRequestException.class,
                () -> AnalysisSpan.of("a", "last week", null, NOW)).where());
        assertEquals("to", assertThrows(InvalidRequestException.class,
                () -> AnalysisSpan.of("a", null, "2026-11-31T00:00:00Z", NOW)).where());
        assertEquals("from", assertThrows(InvalidRequestException.class,
                () -> AnalysisSpan.of("a", "2026-11-27T00:00:00Z", null, NOW)).where(), "a start after now, the default end");
        assertEquals("from", assertThrows(InvalidRequestException.class,
                () -> AnalysisSpan.of("a", "2026-11-20T00:00:00Z", "2026-11-20T00:00:00Z", NOW)).where());
        assertEquals("to", assertThrows(InvalidRequestException.class,
                () -> AnalysisSpan.of("a", "2025-01-01T00:00:00Z", "2026-11-01T00:00:00Z", NOW)).where());
    }
}
