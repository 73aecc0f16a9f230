package io.log2.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.ActionRequest;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.AuditQueries;
import io.log2.logs.LogUnavailableException;
import io.log2.logs.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The action log ({@code action_log}) and the kill switch ({@code action_control}); each call is its own transaction. */
@ApplicationScoped
public class ActionLog {

    private static final String COLUMNS = "id, action, account, resource, severity, environment, owner, run_id, finding_id,"
            + " firing_seq, rule_name, decision, state, node, diff, previous, approved_by, aws_calls, outcome, undo,"
            + " requested_at, expires_at, executed_at, finished_at";

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;

    long insert(ActionRequest request, String runId, Long findingId, String decision, String state, String outcome,
                Instant now, Instant expiresAt) {
        String sql = "INSERT INTO action_log (action, account, resource, severity, environment, owner, run_id, finding_id,"
                + " firing_seq, rule_name, decision, state, aws_calls, outcome, requested_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql, new String[] {"id"})) {
            s.setString(1, request.action());
            s.setString(2, request.account());
            s.setString(3, request.resource());
            s.setString(4, request.severity());
            s.setString(5, request.tags().get("environment"));
            s.setString(6, request.tags().get("owner"));
            s.setString(7, runId);
            s.setObject(8, findingId);
            s.setInt(9, request.firing());
            s.setString(10, request.rule());
            s.setString(11, decision);
            s.setString(12, state);
            s.setString(13, clip(outcome, 4000));
            s.setTimestamp(14, Timestamp.from(now));
            s.setTimestamp(15, expiresAt == null ? null : Timestamp.from(expiresAt));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    Optional<ActionEntry> get(long id) {
        List<ActionEntry> found = query("SELECT " + COLUMNS + " FROM action_log WHERE id = ?", List.of(id));
        return found.stream().findFirst();
    }

    /** Sets columns of one row; {@code calls} are added to those already logged. */
    void update(long id, List<AwsCall> calls, Object... columnsAndValues) {
        updateIf(id, null, calls, columnsAndValues);
    }

    /**
     * Moves an action out of {@code state} and answers whether it was still in it: of two instances deciding the same
     * action at once, one wins and the other is told.
     */
    boolean moveFrom(long id, String state, Object... columnsAndValues) {
        return updateIf(id, state, List.of(), columnsAndValues);
    }

    private boolean updateIf(long id, String state, List<AwsCall> calls, Object... columnsAndValues) {
        ActionEntry current = get(id).orElseThrow();
        List<AwsCall> all = new ArrayList<>(current.awsCalls());
        all.addAll(calls);
        StringBuilder sql = new StringBuilder("UPDATE action_log SET aws_calls = ?");
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            sql.append(", ").append(columnsAndValues[i]).append(" = ?");
        }
        sql.append(" WHERE id = ?").append(state == null ? "" : " AND state = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            s.setString(1, clip(json.writeValueAsString(all), 16000));
            int p = 2;
            for (int i = 1; i < columnsAndValues.length; i += 2) {
                Object v = columnsAndValues[i];
                if (v instanceof Instant at) {
                    s.setTimestamp(p++, Timestamp.from(at));
                } else if (v instanceof String text) {
                    s.setString(p++, clip(text, 8000));
                } else {
                    s.setObject(p++, v);
                }
            }
            s.setLong(p++, id);
            if (state != null) {
                s.setString(p, state);
            }
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed(e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Newest first, keyset-paged by id. */
    public Page<ActionEntry> page(ActionFilter f, int limit, String cursor) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM action_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        eq(sql, args, "action", f.action());
        eq(sql, args, "state", f.state());
        eq(sql, args, "decision", f.decision());
        eq(sql, args, "account", f.account());
        eq(sql, args, "resource", f.resource());
        eq(sql, args, "rule_name", f.rule());
        if (f.from() != null) {
            sql.append(" AND requested_at >= ?");
            args.add(Timestamp.from(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND requested_at < ?");
            args.add(Timestamp.from(f.to()));
        }
        if (cursor != null && !cursor.isBlank()) {
            sql.append(" AND id < ?");
            args.add(decode(cursor));
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit + 1);
        List<ActionEntry> rows = query(sql.toString(), args);
        boolean more = rows.size() > limit;
        List<ActionEntry> items = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(items), more ? AuditQueries.encode(items.get(items.size() - 1).id()) : null);
    }

    List<ActionEntry> inState(String state) {
        return query("SELECT " + COLUMNS + " FROM action_log WHERE state = ? ORDER BY id", List.of(state));
    }

    /** Actions executed in an account since a time; of one type when {@code action} is not null. */
    int executedSince(String account, String action, Instant since) {
        String sql = "SELECT COUNT(*) FROM action_log WHERE account = ? AND executed_at >= ?" + (action == null ? "" : " AND action = ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, account);
            s.setTimestamp(2, Timestamp.from(since));
            if (action != null) {
                s.setString(3, action);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** When a resource was last acted on, if at or after a time. */
    Optional<Instant> lastExecuted(String resource, Instant since) {
        String sql = "SELECT MAX(executed_at) FROM action_log WHERE resource = ? AND executed_at >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, resource);
            s.setTimestamp(2, Timestamp.from(since));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                Timestamp t = r.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public boolean paused() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("SELECT paused FROM action_control WHERE id = 1");
             ResultSet r = s.executeQuery()) {
            return r.next() && r.getBoolean(1);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    void pause(boolean paused, String user, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE action_control SET paused = ?, changed_by = ?, changed_at = ? WHERE id = 1")) {
            s.setBoolean(1, paused);
            s.setString(2, user);
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private List<ActionEntry> query(String sql, List<Object> args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<ActionEntry> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private ActionEntry row(ResultSet r) throws SQLException {
        List<AwsCall> calls;
        try {
            calls = json.readValue(r.getString("aws_calls"), new TypeReference<List<AwsCall>>() { });
        } catch (JsonProcessingException e) {
            calls = List.of();
        }
        long finding = r.getLong("finding_id");
        Long findingId = r.wasNull() ? null : finding;
        int firing = r.getInt("firing_seq");
        Integer firingSeq = r.wasNull() ? null : firing;
        return new ActionEntry(r.getLong("id"), r.getString("action"), r.getString("account"), r.getString("resource"),
                r.getString("severity"), r.getString("environment"), r.getString("owner"), r.getString("run_id"), findingId,
                firingSeq, r.getString("rule_name"), r.getString("decision"), r.getString("state"), r.getString("node"),
                r.getString("diff"), r.getString("previous"), r.getString("approved_by"), calls, r.getString("outcome"),
                r.getString("undo"), instant(r, "requested_at"), instant(r, "expires_at"), instant(r, "executed_at"),
                instant(r, "finished_at"));
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void eq(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value.trim());
        }
    }

    private static long decode(String cursor) {
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("cursor is not one this API gave out", "cursor");
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static LogUnavailableException failed(SQLException e) {
        return new LogUnavailableException("the action log could not be read or written", e);
    }
}
