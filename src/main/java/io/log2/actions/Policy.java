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
            throw new PolicyException("cannot read the action policy " + file + ": " + e.getMessage(), null, null, null);
        }
    }

    /** An empty table: every action waits for an approver. */
    public static Policy empty() {
        return new Policy(List.of());
    }

    /** Parses the CSV table; a bad cell is refused with the line and column it is at. */
    public static Policy parse(String csv) {
        List<List<String>> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        // a spreadsheet's CSV export may start with a byte-order mark
        String text = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        try (Reader in = new StringReader(text)) {
            CSVFormat format = CSVFormat.DEFAULT.builder().setTrim(true).setIgnoreEmptyLines(true).setCommentMarker('#').get();
            var parser = format.parse(in);
            for (CSVRecord r : parser) {
                // the line the record ends on (a record is one line unless a quoted cell holds a line break)
                lines.add(r.toList());
                numbers.add((int) parser.getCurrentLineNumber());
            }
        } catch (IOException | IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new PolicyException("the action policy is not valid CSV: " + e.getMessage(), null, null, null);
        }
        return of(lines, numbers);
    }

    /**
     * The table from its rows of cells as a spreadsheet holds them; {@code lines} gives each row's line (its row number
     * in a spreadsheet). The first row is the header; a row whose first cell starts with {@code #} is a comment.
     */
    public static Policy of(List<List<String>> cells, List<Integer> lines) {
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            List<String> cellsOfRow = cells.get(i).stream().map(c -> c == null ? "" : c.trim()).toList();
            if (cellsOfRow.stream().allMatch(String::isEmpty) || cellsOfRow.get(0).startsWith("#")) {
                continue;
            }
            int line = lines.get(i);
            if (header == null) {
                header = cellsOfRow.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
                for (String column : COLUMNS) {
                    if (!header.contains(column)) {
                        throw new PolicyException("the action policy has no column '" + column + "'; its header row needs "
                                + String.join(",", COLUMNS), line, null, null);
                    }
                }
                continue;
            }
            List<String> h = header;
            java.util.function.Function<String, String> cell = column -> {
                int at = h.indexOf(column);
                return at < cellsOfRow.size() ? cellsOfRow.get(at) : "";
            };
            Row row = new Row(line, cell.apply("action"), cell.apply("severity").toLowerCase(Locale.ROOT),
                    cell.apply("environment"), cell.apply("owner"), cell.apply("days"), cell.apply("hours"),
                    cell.apply("decision").toLowerCase(Locale.ROOT));
            check(row, h);
            rows.add(row);
        }
        return new Policy(List.copyOf(rows));
    }

    /** The first sheet of an XLSX workbook as CSV, its row n on line n (see {@link io.log2.logic.Workbooks}). */
    public static String workbookAsCsv(byte[] xlsx) {
        try {
            return io.log2.logic.Workbooks.firstSheetAsCsv(xlsx);
        } catch (IllegalArgumentException e) {
            throw new PolicyException("the action policy is not a readable XLSX workbook: " + e.getMessage(), null, null, null);
        }
    }

    /** The decision for an action on a resource at a time; {@code approve} when no row matches. */
    public String decide(String action, String severity, Map<String, String> tags, java.time.Instant at) {
        ZonedDateTime utc = at.atZone(ZoneOffset.UTC);
        String sev = severity == null ? null : severity.toLowerCase(Locale.ROOT);
        return rows.stream().filter(r -> r.matches(action, sev, tags, utc)).map(Row::decision).findFirst().orElse(APPROVE);
    }

    private static void check(Row row, List<String> header) {
        if (!List.of(AUTO, APPROVE, NEVER).contains(row.decision())) {
            throw new PolicyException("decision must be auto, approve or never, not '" + row.decision() + "'",
                    row.line(), header.indexOf("decision"), "decision");
        }
        try {
            row.inDays(DayOfWeek.MONDAY);
        } catch (RuntimeException e) {
            throw new PolicyException("days must look like Mon-Fri or Sat,Sun, not '" + row.days() + "'",
                    row.line(), header.indexOf("days"), "days");
        }
        try {
            row.inHours(LocalTime.NOON);
        } catch (RuntimeException e) {
            throw new PolicyException("hours must look like 08:00-18:00, not '" + row.hours() + "'",
                    row.line(), header.indexOf("hours"), "hours");
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

    /**
     * A policy table that cannot be used: the line (a spreadsheet's row) and the column, as a spreadsheet names it
     * ({@code G}) and by its header ({@code decision}), where known.
     */
    public static class PolicyException extends RuntimeException {
        private final Integer line;
        private final String column;
        private final String field;

        public PolicyException(String message, Integer line, Integer columnIndex, String field) {
            super(message);
            this.line = line;
            this.column = columnIndex == null || columnIndex < 0 ? null : letters(columnIndex);
            this.field = field;
        }

        public Integer line() {
            return line;
        }

        /** The column's letter, as in a spreadsheet. */
        public String column() {
            return column;
        }

        /** The column's header. */
        public String field() {
            return field;
        }

        /** As {@code line 3, column G (decision)}. */
        public String where() {
            if (line == null) {
                return null;
            }
            return "line " + line + (column == null ? "" : ", column " + column + " (" + field + ")");
        }

        private static String letters(int index) {
            StringBuilder b = new StringBuilder();
            for (int i = index + 1; i > 0; i = (i - 1) / 26) {
                b.insert(0, (char) ('A' + (i - 1) % 26));
            }
            return b.toString();
        }
    }
}
