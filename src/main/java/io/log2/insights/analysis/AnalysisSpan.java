package io.log2.insights.analysis;

import io.log2.logic.InstantParameter;
import io.log2.logic.InvalidRequestException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * What an analysis reads: one agent's log from {@code from} (inclusive) to {@code to} (exclusive). A run belongs to
 * the span when it started in it, a firing when it fired in it, a cycle when it started in it, and a finding when it
 * was seen in it (last seen at or after {@code from}, first seen before {@code to}, as the findings list filters).
 */
public record AnalysisSpan(String agent, Instant from, Instant to) {

    /** The span when neither end is given: the last 30 days. */
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(30);
    /** The longest span one request may ask for, so that one request cannot read the whole history at once. */
    public static final Duration MAX_LENGTH = Duration.ofDays(366);
    /** Spans up to this long are counted by the hour, longer ones by the day. */
    public static final Duration HOURLY_UP_TO = Duration.ofDays(3);

    /**
     * The span asked for: {@code to} defaults to now and {@code from} to 30 days before {@code to}; each is an
     * ISO-8601 instant. A bad value is an {@link InvalidRequestException} naming the parameter.
     */
    public static AnalysisSpan of(String agent, String from, String to, Instant now) {
        Instant start = InstantParameter.parse(from, "from");
        Instant end = InstantParameter.parse(to, "to");
        if (end == null) {
            end = now;
        }
        if (start == null) {
            start = end.minus(DEFAULT_LENGTH);
        }
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("from must be before to (from " + start + ", to " + end + ")", "from");
        }
        if (Duration.between(start, end).compareTo(MAX_LENGTH) > 0) {
            throw new InvalidRequestException("the span from " + start + " to " + end + " is longer than "
                    + MAX_LENGTH.toDays() + " days; ask for a shorter one", "to");
        }
        return new AnalysisSpan(agent, start, end);
    }

    /** {@code hour} for spans up to {@link #HOURLY_UP_TO}, else {@code day}. */
    public String bucket() {
        return Duration.between(from, to).compareTo(HOURLY_UP_TO) <= 0 ? "hour" : "day";
    }

    /** Binds agent, from and to to the three parameters starting at {@code first}. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        statement.setString(first, agent);
        statement.setObject(first + 1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        statement.setObject(first + 2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        return first + 3;
    }
}
