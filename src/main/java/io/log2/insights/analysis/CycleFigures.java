package io.log2.insights.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.insights.analysis.RunFigures.Occurrences;
import io.log2.insights.analysis.RunFigures.StatusCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The span's monitoring cycles: how they ended, how long they took, and which collectors failed how often. A
 * cycle's collection time is its length less its rule run's: collecting from AWS, storing the history and building
 * the facts (the cycle log keeps each collector's outcome, not its own time). A collector failure's type is the
 * exception its outcome names ({@code failed: <type>: <message>}); the collector is the outcome's key without
 * its region and account.
 */
public final class CycleFigures {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAILED = "failed: ";
    private static final String CYCLE_SECONDS = "EXTRACT(EPOCH FROM c.finished_at) - EXTRACT(EPOCH FROM c.started_at)";
    private static final String COLLECTION_SECONDS = CYCLE_SECONDS + " - COALESCE(r.duration_nanos, 0) / 1e9";

    static final String BY_STATUS = "SELECT status, COUNT(*), MIN(started_at), MAX(started_at) FROM monitoring_cycle"
            + " WHERE agent = ? AND started_at >= ? AND started_at < ? GROUP BY status ORDER BY status";
    static final String TIMES = "SELECT COUNT(*),"
            + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + CYCLE_SECONDS + "),"
            + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY " + CYCLE_SECONDS + "), MAX(" + CYCLE_SECONDS + "),"
            + " PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + COLLECTION_SECONDS + "),"
            + " PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY " + COLLECTION_SECONDS + "), MAX(" + COLLECTION_SECONDS + ")"
            + " FROM monitoring_cycle c LEFT JOIN run r ON r.id = c.run_id"
            + " WHERE c.agent = ? AND c.started_at >= ? AND c.started_at < ? AND c.finished_at IS NOT NULL";
    static final String FAILURES = "SELECT started_at, collectors FROM monitoring_cycle"
            + " WHERE agent = ? AND started_at >= ? AND started_at < ? AND collectors LIKE '%failed%'";

    public record Figures(List<StatusCount> byStatus, Times cycleSeconds, Times collectionSeconds,
                          List<CollectorFailure> collectorFailures) {
    }

    public record Times(long cycles, Double p50, Double p95, Double max) {
    }

    public record CollectorFailure(String collector, String type, long count, Instant first, Instant last) {
    }

    private CycleFigures() {
    }

    public static Figures read(Connection connection, AnalysisSpan span) throws SQLException {
        List<StatusCount> byStatus = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(BY_STATUS)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byStatus.add(new StatusCount(rs.getString(1), rs.getLong(2), Rows.instant(rs, 3), Rows.instant(rs, 4)));
                }
            }
        }
        Times cycle;
        Times collection;
        try (PreparedStatement statement = connection.prepareStatement(TIMES)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                long n = rs.getLong(1);
                cycle = new Times(n, seconds(rs, 2), seconds(rs, 3), seconds(rs, 4));
                collection = new Times(n, seconds(rs, 5), seconds(rs, 6), seconds(rs, 7));
            }
        }
        return new Figures(byStatus, cycle, collection, failures(connection, span));
    }

    private static List<CollectorFailure> failures(Connection connection, AnalysisSpan span) throws SQLException {
        Map<String, Occurrences> byKey = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(FAILURES)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Instant at = Rows.instant(rs, 1);
                    for (Iterator<Map.Entry<String, JsonNode>> it = outcomes(rs.getString(2)); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        String outcome = e.getValue().asText("");
                        if (outcome.startsWith(FAILED)) {
                            String collector = e.getKey().contains("@") ? e.getKey().substring(0, e.getKey().indexOf('@'))
                                    : e.getKey();
                            String rest = outcome.substring(FAILED.length());
                            String type = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
                            byKey.merge(collector + "\n" + type, new Occurrences(type, 1, at, at),
                                    (a, b) -> a.plus(1, at, at));
                        }
                    }
                }
            }
        }
        List<CollectorFailure> out = new ArrayList<>();
        byKey.forEach((key, o) -> out.add(new CollectorFailure(key.substring(0, key.indexOf('\n')), o.type(), o.count(),
                o.first(), o.last())));
        return out;
    }

    private static Iterator<Map.Entry<String, JsonNode>> outcomes(String json) {
        try {
            return json == null ? java.util.Collections.emptyIterator() : JSON.readTree(json).fields();
        } catch (JsonProcessingException e) {
            return java.util.Collections.emptyIterator(); // a cycle log written before outcomes were JSON
        }
    }

    private static Double seconds(ResultSet rs, int column) throws SQLException {
        Double v = Rows.number(rs, column);
        return v == null ? null : Rows.round(v, 3);
    }
}
