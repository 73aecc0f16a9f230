package io.log2.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Takes findings in as runs logged them (run_finding, in id order after a stored watermark, so nothing is lost across a
 * restart) and records, per matching route, what each fingerprint now is: a finding waits to be notified when the
 * route never told of its fingerprint, when it re-opened (another finding id) or when its severity rose above the one
 * last told. A resolved finding stops being told.
 */
@ApplicationScoped
class Intake {

    static final String DIGEST = "digest";
    private static final int BATCH = 1000;

    @Inject
    NotificationConfig config;

    /** Takes in everything logged since the watermark; commits after each batch. */
    void take(Connection c, List<Route> routes, Instant now) throws SQLException {
        while (true) {
            long mark;
            try (PreparedStatement s = c.prepareStatement("SELECT run_finding FROM notify_watermark WHERE id = 1");
                 ResultSet r = s.executeQuery()) {
                r.next();
                mark = r.getLong(1);
            }
            long last = mark;
            int n = 0;
            try (PreparedStatement s = c.prepareStatement("SELECT rf.id AS rf_id, f.id, f.fingerprint, f.agent, f.rule,"
                    + " f.resource, f.category, f.severity, f.message, f.state FROM run_finding rf JOIN finding f"
                    + " ON f.id = rf.finding_id WHERE rf.id > ? ORDER BY rf.id")) {
                s.setMaxRows(BATCH);
                s.setLong(1, mark);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        n++;
                        last = r.getLong("rf_id");
                        apply(c, routes, now, r);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_watermark SET run_finding = ? WHERE id = 1")) {
                s.setLong(1, last);
                s.executeUpdate();
            }
            c.commit();
            if (n < BATCH) {
                return;
            }
        }
    }

    private void apply(Connection c, List<Route> routes, Instant now, ResultSet f) throws SQLException {
        long findingId = f.getLong("id");
        String fingerprint = f.getString("fingerprint");
        if (!"open".equals(f.getString("state"))) {
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_alert SET state = 'resolved', pending = FALSE,"
                    + " updated_at = ? WHERE fingerprint = ? AND finding_id = ?")) {
                Sql.time(s, 1, now);
                s.setString(2, fingerprint);
                s.setLong(3, findingId);
                s.executeUpdate();
            }
            return;
        }
        String severity = f.getString("severity");
        Map<String, String> labels = Labels.of(f.getString("agent"), f.getString("rule"), f.getString("resource"),
                f.getString("category"), severity);
        boolean digest = config.digestSeverities().contains(severity);
        for (Route route : routes) {
            if (!route.matches(labels)) {
                continue;
            }
            String group = digest ? DIGEST : route.groupKey(labels);
            boolean pending = upsert(c, route, fingerprint, group, findingId, f, now);
            if (pending) {
                ensureGroup(c, route.id(), group, now);
            }
        }
    }

    private static boolean upsert(Connection c, Route route, String fingerprint, String group, long findingId, ResultSet f,
                                  Instant now) throws SQLException {
        String severity = f.getString("severity");
        Boolean pending = null;
        try (PreparedStatement s = c.prepareStatement("SELECT pending, notified_finding_id, notified_severity FROM notify_alert"
                + " WHERE route_key = ? AND fingerprint = ?")) {
            s.setString(1, route.id());
            s.setString(2, fingerprint);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    long told = r.getLong("notified_finding_id");
                    boolean neverTold = r.wasNull();
                    pending = r.getBoolean("pending") || neverTold || told != findingId
                            || Severity.rank(severity) > Severity.rank(r.getString("notified_severity"));
                }
            }
        }
        String sql = pending == null
                ? "INSERT INTO notify_alert (group_key, finding_id, agent, rule, resource, category, severity, message, state,"
                  + " pending, updated_at, route_key, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)"
                : "UPDATE notify_alert SET group_key = ?, finding_id = ?, agent = ?, rule = ?, resource = ?, category = ?,"
                  + " severity = ?, message = ?, state = 'open', pending = ?, updated_at = ? WHERE route_key = ? AND fingerprint = ?";
        boolean result = pending == null || pending;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, group);
            s.setLong(2, findingId);
            s.setString(3, f.getString("agent"));
            s.setString(4, f.getString("rule"));
            s.setString(5, f.getString("resource"));
            s.setString(6, f.getString("category"));
            s.setString(7, severity);
            s.setString(8, f.getString("message"));
            s.setBoolean(9, result);
            Sql.time(s, 10, now);
            s.setString(11, route.id());
            s.setString(12, fingerprint);
            s.executeUpdate();
        }
        return result;
    }

    private static void ensureGroup(Connection c, String route, String group, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM notify_group WHERE route_key = ? AND group_key = ?")) {
            s.setString(1, route);
            s.setString(2, group);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notify_group (route_key, group_key, created_at) VALUES (?, ?, ?)")) {
            s.setString(1, route);
            s.setString(2, group);
            Sql.time(s, 3, now);
            s.executeUpdate();
        }
    }
}
