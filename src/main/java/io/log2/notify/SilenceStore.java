package io.log2.notify;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Silences: created with matchers and an end, listed, and expired early by hand. */
@ApplicationScoped
public class SilenceStore {

    @Inject
    DataSource dataSource;
    @Inject
    NotifyClock clock;

    public Silence create(Map<String, String> matchers, String comment, Instant endsAt, String user) {
        if (matchers == null || matchers.isEmpty()) {
            throw new InvalidRequestException("a silence needs at least one matcher, e.g. {\"rule\": \"MetricThresholds_11\"}",
                    "/matchers");
        }
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!Labels.NAMES.contains(m.getKey())) {
                throw new InvalidRequestException("matchers name labels among " + String.join(", ", Labels.NAMES) + ", not '"
                        + m.getKey() + "'", "/matchers/" + m.getKey());
            }
            if (m.getValue() == null || m.getValue().isBlank() || m.getValue().length() > 512 || m.getValue().contains("\n")) {
                throw new InvalidRequestException("a matcher's value is 1 to 512 characters on one line", "/matchers/" + m.getKey());
            }
        }
        Instant now = clock.now();
        if (endsAt == null || !endsAt.isAfter(now)) {
            throw new InvalidRequestException("endsAt must be an ISO-8601 time in the future", "/endsAt");
        }
        String text = comment == null ? "" : comment.trim();
        if (text.length() > 500) {
            throw new InvalidRequestException("comment is at most 500 characters", "/comment");
        }
        StringBuilder lines = new StringBuilder();
        new TreeMap<>(matchers).forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO notify_silence (matchers, comment, created_by, created_at,"
                     + " ends_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, lines.toString());
            s.setString(2, text);
            s.setString(3, user);
            Sql.time(s, 4, now);
            Sql.time(s, 5, endsAt);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new Silence(keys.getLong(1), new TreeMap<>(matchers), text, user, now, endsAt);
            }
        } catch (SQLException e) {
            throw Sql.failed("silence could not be stored", e);
        }
    }

    /** Silences in force, or every silence when {@code all}; newest first. */
    public List<Silence> list(boolean all) {
        Instant now = clock.now();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM notify_silence"
                     + (all ? "" : " WHERE ends_at > ?") + " ORDER BY id DESC")) {
            if (!all) {
                Sql.time(s, 1, now);
            }
            List<Silence> list = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, String> matchers = new TreeMap<>();
                    for (String line : r.getString("matchers").split("\n")) {
                        int eq = line.indexOf('=');
                        if (eq > 0) {
                            matchers.put(line.substring(0, eq), line.substring(eq + 1));
                        }
                    }
                    list.add(new Silence(r.getLong("id"), matchers, r.getString("comment"), r.getString("created_by"),
                            Sql.time(r, "created_at"), Sql.time(r, "ends_at")));
                }
            }
            return list;
        } catch (SQLException e) {
            throw Sql.failed("silences could not be read", e);
        }
    }

    /** Ends a silence now; one already over stays as it ended. */
    public Silence expire(long id) {
        Instant now = clock.now();
        Silence s = list(true).stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no silence " + id));
        if (!s.activeAt(now)) {
            return s;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("UPDATE notify_silence SET ends_at = ? WHERE id = ?")) {
            Sql.time(st, 1, now);
            st.setLong(2, id);
            st.executeUpdate();
        } catch (SQLException e) {
            throw Sql.failed("silence could not be expired", e);
        }
        return new Silence(s.id(), s.matchers(), s.comment(), s.createdBy(), s.createdAt(), now);
    }
}
