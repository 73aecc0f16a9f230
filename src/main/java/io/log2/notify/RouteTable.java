package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The route table as a user edits it: a CSV with one route a row, read top to bottom, every matching row sending to
 * its channel (a finding matching two rows goes to both channels). Also checks routes given as JSON: both ways a row
 * is refused with the row and column that are wrong.
 */
public final class RouteTable {

    public static final List<String> COLUMNS = List.of("Id", "Agent", "Severity", "Category", "Rule", "Channel",
            "Group by", "Quiet from", "Quiet to", "Time zone");
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int MAX_ROUTES = 500;

    /** A route as JSON: empty or absent matchers match anything; groupBy defaults to agent and rule; zone to UTC. */
    public record Row(String id, String agent, String severity, String category, String rule, String channel,
                      String groupBy, String quietFrom, String quietTo, String timeZone) {
    }

    private RouteTable() {
    }

    /** Routes read from the CSV table, each with the line (the spreadsheet's row) it was on. */
    public record CsvTable(List<Route> routes, List<Long> lines) {
        /** Where route {@code i} is, for a refusal: {@code row 4, }. */
        public String row(int i) {
            return "row " + lines.get(i) + ", ";
        }
    }

    /**
     * Reads the CSV table. Blank lines are skipped and a row may stop before its last columns (a spreadsheet program
     * does not save empty cells at the end of a row): those cells are empty. A refusal names the row's line.
     */
    public static CsvTable parseCsv(String csv) {
        List<Row> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        try {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get()
                    .parse(new StringReader(csv)).getRecords();
            if (records.isEmpty() || !header(records.get(0)).equals(COLUMNS)) {
                throw new InvalidRequestException("the first row must be the header " + String.join(",", COLUMNS), "row 1");
            }
            for (CSVRecord r : records.subList(1, records.size())) {
                long line = lineOf(csv, r);
                List<String> cells = new ArrayList<>(r.toList());
                if (cells.stream().allMatch(String::isBlank)) {
                    continue;
                }
                if (cells.size() > COLUMNS.size()) {
                    throw new InvalidRequestException("row " + line + " has " + cells.size() + " cells, not " + COLUMNS.size(),
                            "row " + line);
                }
                while (cells.size() < COLUMNS.size()) {
                    cells.add("");
                }
                rows.add(new Row(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), cells.get(5), cells.get(6),
                        cells.get(7), cells.get(8), cells.get(9)));
                lines.add(line);
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new InvalidRequestException("the route table is not valid CSV: " + e.getMessage(), "body");
        }
        return new CsvTable(check(rows, i -> "row " + lines.get(i) + ", "), List.copyOf(lines));
    }

    /** The line a record starts on, counted from 1: blank lines are no records, so the record number is not it. */
    private static long lineOf(String csv, CSVRecord r) {
        // the position is where the parser started looking, before the blank lines it skipped
        int start = (int) Math.min(r.getCharacterPosition(), csv.length());
        while (start < csv.length() && (csv.charAt(start) == '\n' || csv.charAt(start) == '\r')) {
            start++;
        }
        long line = 1;
        for (int i = 0; i < start; i++) {
            if (csv.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static List<String> header(CSVRecord r) {
        List<String> h = new ArrayList<>();
        r.forEach(c -> h.add(c.trim()));
        return h;
    }

    public static List<Route> checkJson(List<Row> rows) {
        return check(rows, i -> "/" + i + "/");
    }

    private static List<Route> check(List<Row> rows, java.util.function.IntFunction<String> where) {
        if (rows.size() > MAX_ROUTES) {
            throw new InvalidRequestException("at most " + MAX_ROUTES + " routes, not " + rows.size(), "body");
        }
        List<Route> routes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String at = where.apply(i);
            if (r == null) {
                throw new InvalidRequestException("a route must be an object", at.substring(0, at.length() - 1));
            }
            String id = blankToNull(r.id());
            if (id == null || !ID.matcher(id).matches()) {
                throw new InvalidRequestException("a route's Id is 1 to 64 letters, digits, '.', '_' or '-'", at + "id");
            }
            if (!ids.add(id)) {
                throw new InvalidRequestException("Id '" + id + "' is used twice", at + "id");
            }
            String severity = blankToNull(r.severity());
            if (severity != null && !Severity.valid(severity)) {
                throw new InvalidRequestException("severity is one of " + String.join(", ", Severity.ORDER) + " or empty",
                        at + "severity");
            }
            String channel = blankToNull(r.channel());
            if (channel == null) {
                throw new InvalidRequestException("every route names a channel", at + "channel");
            }
            List<String> groupBy = blankToNull(r.groupBy()) == null ? List.of("agent", "rule")
                    : Arrays.stream(r.groupBy().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
            for (String label : groupBy) {
                if (!Labels.GROUPABLE.contains(label)) {
                    throw new InvalidRequestException("group by any of " + String.join(", ", Labels.GROUPABLE) + ", not '"
                            + label + "'", at + "groupBy");
                }
            }
            LocalTime from = time(r.quietFrom(), at + "quietFrom");
            LocalTime to = time(r.quietTo(), at + "quietTo");
            if ((from == null) != (to == null) || (from != null && from.equals(to))) {
                throw new InvalidRequestException("quiet hours need both a start and a different end (HH:mm)", at + "quietTo");
            }
            ZoneId zone;
            try {
                zone = blankToNull(r.timeZone()) == null ? ZoneId.of("UTC") : ZoneId.of(r.timeZone().trim());
            } catch (DateTimeException e) {
                throw new InvalidRequestException("unknown time zone '" + r.timeZone() + "'", at + "timeZone");
            }
            routes.add(new Route(id, blankToNull(r.agent()), severity == null ? null : severity.toLowerCase(java.util.Locale.ROOT),
                    blankToNull(r.category()), blankToNull(r.rule()), channel, List.copyOf(groupBy), from, to, zone));
        }
        return routes;
    }

    private static LocalTime time(String s, String where) {
        if (blankToNull(s) == null) {
            return null;
        }
        try {
            return LocalTime.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("a time of day is HH:mm, not '" + s + "'", where);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static Row row(Route r) {
        return new Row(r.id(), r.agent(), r.severity(), r.category(), r.rule(), r.channel(), String.join(",", r.groupBy()),
                r.quietFrom() == null ? null : r.quietFrom().toString(), r.quietTo() == null ? null : r.quietTo().toString(),
                r.zone().getId());
    }

    public static String csv(List<Route> routes) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            p.printRecord(COLUMNS);
            for (Route route : routes) {
                Row r = row(route);
                p.printRecord(r.id(), r.agent(), r.severity(), r.category(), r.rule(), r.channel(), r.groupBy(),
                        r.quietFrom(), r.quietTo(), r.timeZone());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
