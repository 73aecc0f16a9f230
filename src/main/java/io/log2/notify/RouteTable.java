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

    public static List<Route> parseCsv(String csv) {
        List<Row> rows = new ArrayList<>();
        try {
            List<CSVRecord> records = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get()
                    .parse(new StringReader(csv)).getRecords();
            if (records.isEmpty() || !header(records.get(0)).equals(COLUMNS)) {
                throw new InvalidRequestException("the first row must be the header " + String.join(",", COLUMNS), "row 1");
            }
            for (CSVRecord r : records.subList(1, records.size())) {
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (r.size() != COLUMNS.size()) {
                    throw new InvalidRequestException("row " + (r.getRecordNumber()) + " has " + r.size() + " cells, not "
                            + COLUMNS.size(), "row " + r.getRecordNumber());
                }
                rows.add(new Row(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6), r.get(7), r.get(8), r.get(9)));
            }
        } catch (IOException | java.io.UncheckedIOException | IllegalStateException e) {
            throw new InvalidRequestException("the route table is not valid CSV: " + e.getMessage(), "body");
        }
        return check(rows, i -> "row " + (i + 2) + ", ");
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
