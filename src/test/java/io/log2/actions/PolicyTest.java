package io.log2.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The action policy table: first matching row, blank and * cells, days and hours windows, the default, bad cells. */
class PolicyTest {

    static final String TABLE = """
            # night stops in dev run by themselves on weekdays
            action,severity,environment,owner,days,hours,decision
            *,*,production,,,,never
            stop-instance,,dev,,Mon-Fri,19:00-07:00,auto
            stop-instance,high,*,ops@example.com,,,auto
            notify-owner,,,,,,auto
            """;

    /** Wednesday 2026-11-25, and Saturday 2026-11-28. */
    static final Instant WED_NIGHT = Instant.parse("2026-11-25T22:30:00Z");
    static final Instant WED_NOON = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant SAT_NIGHT = Instant.parse("2026-11-28T22:30:00Z");

    private final Policy policy = Policy.parse(TABLE);

    @Test
    void theFirstMatchingRowDecides() {
        assertEquals("never", policy.decide("stop-instance", "high", Map.of("environment", "production", "owner", "ops@example.com"), WED_NIGHT));
        assertEquals("auto", policy.decide("stop-instance", "low", Map.of("environment", "dev"), WED_NIGHT));
        assertEquals("auto", policy.decide("notify-owner", "low", Map.of(), WED_NOON));
    }

    @Test
    void aWindowPastMidnightAndTheDaysAreHonoured() {
        assertEquals("auto", policy.decide("stop-instance", "low", Map.of("environment", "DEV"), Instant.parse("2026-11-26T06:59:00Z")));
        assertEquals("approve", policy.decide("stop-instance", "low", Map.of("environment", "dev"), WED_NOON));
        assertEquals("approve", policy.decide("stop-instance", "low", Map.of("environment", "dev"), SAT_NIGHT));
    }

    @Test
    void withNoRowMatchingAnActionWaitsForAnApprover() {
        assertEquals("approve", policy.decide("stop-instance", "high", Map.of("owner", "someone@example.com"), WED_NIGHT));
        assertEquals("approve", policy.decide("release-elastic-ip", "medium", Map.of(), WED_NIGHT));
        assertEquals("approve", Policy.read(Path.of("target/no-such-policy.csv")).decide("stop-instance", "low", Map.of(), WED_NOON));
    }

    @Test
    void aBadCellIsRefusedWithItsLineAndColumn() {
        Policy.PolicyException decision = assertThrows(Policy.PolicyException.class,
                () -> Policy.parse("action,severity,environment,owner,days,hours,decision\nstop-instance,,,,,,maybe\n"));
        assertEquals("line 2, column G (decision)", decision.where());
        Policy.PolicyException hours = assertThrows(Policy.PolicyException.class,
                () -> Policy.parse("action,severity,environment,owner,days,hours,decision\nstop-instance,,,,,8-18,auto\n"));
        assertEquals("line 2, column F (hours)", hours.where());
        Policy.PolicyException days = assertThrows(Policy.PolicyException.class,
                () -> Policy.parse("action,severity,environment,owner,days,hours,decision\nstop-instance,,,,Moonday,,auto\n"));
        assertEquals("line 2, column E (days)", days.where());
        Policy.PolicyException column = assertThrows(Policy.PolicyException.class,
                () -> Policy.parse("action,severity,decision\nstop-instance,,auto\n"));
        assertEquals("line 1", column.where());
    }

    @Test
    void aLineIsCountedAsTheFileShowsIt() {
        Policy.PolicyException e = assertThrows(Policy.PolicyException.class, () -> Policy.parse(
                "\uFEFF# a comment\r\naction,severity,environment,owner,days,hours,decision\r\n\r\nstop-instance,,dev,,,,auto\r\n"
                        + "stop-instance,,,,,8-18,auto\r\n"));
        assertEquals(5, e.line());
        assertEquals("F", e.column());
        assertEquals("hours", e.field());
    }

    @Test
    void aSpreadsheetsColumnsMayComeInAnyOrder() {
        Policy p = Policy.of(java.util.List.of(java.util.List.of("Decision", "Action", "Severity", "Environment", "Owner", "Days", "Hours"),
                java.util.List.of("never", "stop-instance", "", "production", "", "", "")), java.util.List.of(1, 2));
        assertEquals("never", p.decide("stop-instance", "low", Map.of("environment", "production"), WED_NOON));
        Policy.PolicyException e = assertThrows(Policy.PolicyException.class, () -> Policy.of(java.util.List.of(
                java.util.List.of("decision", "action", "severity", "environment", "owner", "days", "hours"),
                java.util.List.of("sometimes", "stop-instance", "", "", "", "", "")), java.util.List.of(3, 4)));
        assertEquals("line 4, column A (decision)", e.where());
    }
}
