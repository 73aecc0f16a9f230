package io.log2.actions;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The action policy table: rows of action × severity × environment × owner × days × hours → {@code auto},
 * {@code approve} or {@code never}. The first row that matches decides; a blank cell or {@code *} matches anything;
 * with no row matching the decision is {@code approve}. Days are {@code Mon-Fri} or {@code Sat,Sun}; hours are
 * {@code 08:00-18:00} in UTC (a window may run past midnight, {@code 22:00-06:00}).
 */
public final class Policy {

    public static final String AUTO = "auto";
    public static final String APPROVE = "approve";
    public static final String NEVER = "never";
    static final List<String> COLUMNS = List.of("action", "severity", "environment", "owner", "days", "hours", "decision");

    record Row(int line, String action, String severity, String environment, String owner, String days, String hours,
               String decision) {

        boolean matches(String action, String severity, Map<String, String> tags, ZonedDateTime at) {
            return any(this.action, action) && any(this.severity, severity) && any(environment, tags.get("environment"))
                    && any(owner, tags.get("owner")) && inDays(at.getDayOfWeek()) && inHours(at.toLocalTime());
        }

        private static boolean any(String cell, String value) {
            return cell.isEmpty() || cell.equals("*") || (value != null && cell.equalsIgnoreCase(value.trim()));
        }

        private boolean inDays(DayOfWeek day) {
            if (days.isEmpty() || days.equals("*")) {
                return true;
            }
            for (String part : days.split(",")) {
                String[] range = part.trim().split("-");
                int from = day(range[0]).getValue();
                int to = day(range[range.length - 1]).getValue();
                int d = day.getValue();
                if (from <= to ? d >= from && d <= to : d >= from || d <= to) {
                    return true;
                }
            }
            return false;
        }

        private boolean inHours(LocalTime time) {
            if (hours.isEmpty() || hours.equals("*")) {
                return true;
            }
            String[] range = hours.split("-");
            LocalTime from = LocalTime.parse(range[0].trim());
            LocalTime to = LocalTime.parse(range[1].trim());
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
        }
    }

    private final List<Row> rows;

    private Policy(List<Row> rows) {
        this.rows = rows;
    }

    /** The table in a file; a missing file is an empty table (every action waits for an approver). */
    public static Policy read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return new Policy(List.of());
        } catch (IOException e) {
            throw new PolicyException("cannot read the action policy " + file + ": " + e.getMessage(), null);
        }
    }

    /** Parses the CSV table; a bad cell is refused with the line and column it is at. */
    public static Policy parse(String csv) {
        List<Row> rows = new ArrayList<>();
        try (Reader in = new StringReader(csv)) {
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                    .setIgnoreEmptyLines(true).setCommentMarker('#').get();
            var parser = format.parse(in);
            for (String column : COLUMNS) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new PolicyException("the action policy has no column '" + column + "'", "line 1");
                }
            }
            for (CSVRecord r : parser) {
                int line = (int) parser.getCurrentLineNumber();
                Row row = new Row(line, cell(r, "action"), cell(r, "severity").toLowerCase(Locale.ROOT),
                        cell(r, "environment"), cell(r, "owner"), cell(r, "days"), cell(r, "hours"),
                        cell(r, "decision").toLowerCase(Locale.ROOT));
                check(row);
                rows.add(row);
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            throw new PolicyException("the action policy is not valid CSV: " + e.getMessage(), null);
        }
        return new Policy(List.copyOf(rows));
    }

    /** The decision for an action on a resource at a time; {@code approve} when no row matches. */
    public String decide(String action, String severity, Map<String, String> tags, java.time.Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        String sev = severity == null ? null : severity.toLowerCase(Locale.ROOT);
        return rows.stream().filter(r -> r.matches(action, sev, tags, utc)).map(Row::decision).findFirst().orElse(APPROVE);
    }

    private static void check(Row row) {
        String where = "line " + row.line();
        if (!List.of(AUTO, APPROVE, NEVER).contains(row.decision())) {
            throw new PolicyException("decision must be auto, approve or never, not '" + row.decision() + "'", where + ", decision");
        }
        try {
            row.inDays(DayOfWeek.MONDAY);
        } catch (RuntimeException e) {
            throw new PolicyException("days must look like Mon-Fri or Sat,Sun, not '" + row.days() + "'", where + ", days");
        }
        try {
            row.inHours(LocalTime.NOON);
        } catch (RuntimeException e) {
            throw new PolicyException("hours must look like 08:00-18:00, not '" + row.hours() + "'", where + ", hours");
        }
    }

    private static DayOfWeek day(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (n.length() >= 3 && d.name().toLowerCase(Locale.ROOT).startsWith(n)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no day " + name);
    }

    private static String cell(CSVRecord r, String column) {
        return r.isSet(column) && r.get(column) != null ? r.get(column).trim() : "";
    }

    /** A policy table that cannot be used; {@code where} names the line and column. */
    public static class PolicyException extends RuntimeException {
        private final String where;

        public PolicyException(String message, String where) {
            super(message);
            this.where = where;
        }

        public String where() {
            return where;
        }
    }
}
