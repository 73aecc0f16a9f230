package io.log2.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides, group by group, whether a message is due, as Alertmanager does: a new group waits {@code group-wait} for
 * more findings before its first message; new, re-opened or worse findings are told at most every
 * {@code group-interval}; findings still open are told again every {@code repeat-interval}. Silenced findings are left
 * out (and told once their silence ends, if still open); nothing is sent in a route's quiet hours. A due message is
 * queued for delivery in the same transaction that marks its findings told.
 */
@ApplicationScoped
class Dispatcher {

    @Inject
    NotificationConfig config;
    @Inject
    ObjectMapper json;

    private record Alert(long id, String fingerprint, long findingId, Map<String, String> labels, String message,
                         boolean pending) {
    }

    void dispatch(Connection c, List<Route> routes, List<Silence> silences, Instant now) throws SQLException {
        Map<String, Route> byId = routes.stream().collect(Collectors.toMap(Route::id, Function.identity()));
        List<Object[]> groups = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, route_key, group_key, created_at, last_sent_at FROM notify_group"
                + " ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                groups.add(new Object[] {r.getLong("id"), r.getString("route_key"), r.getString("group_key"),
                        Sql.time(r, "created_at"), Sql.time(r, "last_sent_at")});
            }
        }
        List<Silence> active = silences.stream().filter(x -> x.activeAt(now)).toList();
        for (Object[] g : groups) {
            long groupId = (Long) g[0];
            Route route = byId.get((String) g[1]);
            String groupKey = (String) g[2];
            List<Alert> open = route == null ? List.of() : open(c, route.id(), groupKey);
            if (open.isEmpty()) {
                // Nothing open (or the route is gone): the group ends; a later finding starts a new one with a new wait.
                try (PreparedStatement s = c.prepareStatement("DELETE FROM notify_group WHERE id = ?")) {
                    s.setLong(1, groupId);
                    s.executeUpdate();
                }
                c.commit();
                continue;
            }
            List<Alert> sendable = open.stream().filter(a -> active.stream().noneMatch(x -> x.mutes(a.labels))).toList();
            String reason = reason(groupKey, sendable, (Instant) g[3], (Instant) g[4], now);
            if (reason == null || route.quietAt(now)) {
                continue;
            }
            queue(c, route, groupKey, reason, sendable, now);
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_alert SET pending = FALSE, notified_finding_id = finding_id,"
                    + " notified_severity = severity WHERE id = ?")) {
                for (Alert a : sendable) {
                    s.setLong(1, a.id);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_group SET last_sent_at = ? WHERE id = ?")) {
                Sql.time(s, 1, now);
                s.setLong(2, groupId);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    private String reason(String groupKey, List<Alert> sendable, Instant created, Instant lastSent, Instant now) {
        boolean digest = Intake.DIGEST.equals(groupKey);
        boolean fresh = sendable.stream().anyMatch(Alert::pending);
        Duration wait = digest ? config.digestWait() : config.groupWait();
        Duration interval = digest ? max(config.groupInterval(), config.digestWait()) : config.groupInterval();
        String reason = null;
        if (lastSent == null) {
            reason = fresh && !now.isBefore(created.plus(wait)) ? Notification.FIRST : null;
        } else if (fresh && !now.isBefore(lastSent.plus(interval))) {
            reason = Notification.UPDATE;
        } else if (!sendable.isEmpty() && !now.isBefore(lastSent.plus(config.repeatInterval()))) {
            reason = Notification.REPEAT;
        }
        return reason != null && digest ? Notification.DIGEST : reason;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static List<Alert> open(Connection c, String route, String group) throws SQLException {
        List<Alert> list = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM notify_alert WHERE route_key = ? AND group_key = ?"
                + " AND state = 'open' ORDER BY id")) {
            s.setString(1, route);
            s.setString(2, group);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    list.add(new Alert(r.getLong("id"), r.getString("fingerprint"), r.getLong("finding_id"),
                            Labels.of(r.getString("agent"), r.getString("rule"), r.getString("resource"),
                                    r.getString("category"), r.getString("severity")),
                            r.getString("message"), r.getBoolean("pending")));
                }
            }
        }
        return list;
    }

    private void queue(Connection c, Route route, String groupKey, String reason, List<Alert> alerts, Instant now)
            throws SQLException {
        List<Notification.Item> items = alerts.stream().map(a -> new Notification.Item(a.findingId, a.fingerprint,
                a.labels.get("agent"), a.labels.get("rule"), a.labels.get("resource"), a.labels.get("category"),
                a.labels.get("severity"), a.message, a.pending)).toList();
        long fresh = alerts.stream().filter(Alert::pending).count();
        String title = switch (reason) {
            case Notification.DIGEST -> "[Log²] digest: " + alerts.size() + " low-severity finding" + plural(alerts.size())
                    + " open (" + fresh + " new)";
            case Notification.REPEAT -> "[Log²] still open: " + alerts.size() + " finding" + plural(alerts.size()) + " ("
                    + groupKey + ")";
            default -> "[Log²] " + fresh + " new finding" + plural(fresh) + (alerts.size() > fresh ? " of "
                    + alerts.size() + " open" : "") + " (" + groupKey + ")";
        };
        Map<String, String> groupLabels = new LinkedHashMap<>();
        for (String part : groupKey.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                groupLabels.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        Notification n = new Notification(title, reason, route.id(), route.channel(), groupKey, groupLabels, now, items);
        String body;
        try {
            body = json.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO notify_message (channel, route_key, group_key, reason, title,"
                + " body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)")) {
            s.setString(1, route.channel());
            s.setString(2, route.id());
            s.setString(3, groupKey);
            s.setString(4, reason);
            s.setString(5, title.length() > 500 ? title.substring(0, 500) : title);
            s.setString(6, body);
            Sql.time(s, 7, now);
            Sql.time(s, 8, now);
            s.executeUpdate();
        }
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
