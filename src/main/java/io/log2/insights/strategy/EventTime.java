package io.log2.insights.strategy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * When the event behind a finding happened, from what the finding table keeps. A finding about a day of cost
 * (its period is a day) is about that day, complete at its end; a finding whose first time differs from the start of
 * the run that opened it carries its fact's own time (a sample's timestamp, an API event's time). A month's cost and
 * a resource's state have no time of their own: their findings measure no delay.
 */
final class EventTime {

    private EventTime() {
    }

    /** The event's time, or null when the finding's facts have none. */
    static Instant of(String period, Instant firstSeen, Instant runStarted) {
        if (period != null && period.length() == 10) {
            try {
                return LocalDate.parse(period).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (period != null || firstSeen == null || firstSeen.equals(runStarted)) {
            return null;
        }
        return firstSeen;
    }
}
