package io.log2.insights.strategy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The span of time a strategy looks at, [from, to), in the facts' own time (a sample's timestamp, a cost's day),
 * as the audit API's {@code from} and {@code to} read findings.
 */
public record Span(Instant from, Instant to) {

    /**
     * Findings of the span, for a {@code finding} aliased {@code f}: a finding about a period (a day of cost, a month)
     * when that period overlaps the span, since such a finding's times are those of the run that saw it; any other
     * finding when it was seen within the span (last seen at or after {@code from}, first seen before {@code to}).
     * Bind its six parameters with {@link #bindFindings}.
     */
    static final String FINDINGS = "((f.period IS NULL AND f.last_seen >= ? AND f.first_seen < ?)"
            + " OR (LENGTH(f.period) = 10 AND f.period >= ? AND f.period <= ?)"
            + " OR (LENGTH(f.period) = 7 AND f.period >= ? AND f.period <= ?))";

    /** Binds {@link #FINDINGS} from parameter {@code first} on; answers the next parameter's index. */
    int bindFindings(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        ps.setObject(i++, from.atOffset(ZoneOffset.UTC));
        ps.setObject(i++, to.atOffset(ZoneOffset.UTC));
        ps.setString(i++, firstDay().toString());
        ps.setString(i++, lastDay().toString());
        ps.setString(i++, firstDay().toString().substring(0, 7));
        ps.setString(i++, lastDay().toString().substring(0, 7));
        return i;
    }

    /** The first day the span touches. */
    LocalDate firstDay() {
        return LocalDate.ofInstant(from, ZoneOffset.UTC);
    }

    /** The last day the span touches ({@code to} itself is outside it). */
    LocalDate lastDay() {
        return LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
    }
}
