package io.log2.notify;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers queued messages through their channel's bean. A failed attempt is retried after {@code retry-base},
 * doubling each time up to {@code retry-max}, until {@code max-attempts}; every attempt is logged with its channel,
 * status, error and time.
 */
@ApplicationScoped
class Deliverer {

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String PENDING = "pending";
    private static final Logger LOG = Logger.getLogger(Deliverer.class);

    @Inject
    NotificationConfig config;
    @Inject
    ChannelStore channels;
    @Inject
    ObjectMapper json;

    private record Due(long id, String channel, String body, int attempts) {
    }

    void deliver(Connection c, Instant now) throws SQLException {
        List<Due> due = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, channel, body, attempts FROM notify_message WHERE state = 'pending'"
                + " AND next_attempt_at <= ? ORDER BY id")) {
            s.setMaxRows(200);
            Sql.time(s, 1, now);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    due.add(new Due(r.getLong("id"), r.getString("channel"), r.getString("body"), r.getInt("attempts")));
                }
            }
        }
        c.commit();
        Map<String, NotificationChannel> kinds = channels.kinds();
        for (Due m : due) {
            int attempt = m.attempts + 1;
            String error = null;
            try {
                Optional<Channel> channel = channels.find(m.channel);
                if (channel.isEmpty()) {
                    throw new IllegalStateException("channel '" + m.channel + "' no longer exists");
                }
                NotificationChannel kind = kinds.get(channel.get().type());
                if (kind == null) {
                    throw new IllegalStateException("no channel of type '" + channel.get().type() + "' is installed");
                }
                kind.send(channel.get(), json.readValue(m.body, Notification.class));
            } catch (Exception e) {
                // A connection refused has no message of its own: the exception's name says what happened.
                error = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e instanceof java.io.IOException && !e.getMessage().startsWith("HTTP ")
                        ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
                LOG.warnf("notification %d to channel %s, attempt %d failed: %s", m.id, m.channel, attempt, error);
            }
            String state = error == null ? DELIVERED : attempt >= config.maxAttempts() ? FAILED : PENDING;
            try (PreparedStatement s = c.prepareStatement("UPDATE notify_message SET state = ?, attempts = ?, next_attempt_at = ?"
                    + " WHERE id = ?")) {
                s.setString(1, state);
                s.setInt(2, attempt);
                Sql.time(s, 3, PENDING.equals(state) ? now.plus(backoff(attempt)) : null);
                s.setLong(4, m.id);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO notify_delivery (message_id, channel, attempt, status, error,"
                    + " attempted_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, m.id);
                s.setString(2, m.channel);
                s.setInt(3, attempt);
                s.setString(4, error == null ? DELIVERED : FAILED);
                s.setString(5, error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error);
                Sql.time(s, 6, now);
                s.executeUpdate();
            }
            c.commit();
        }
    }

    /** The wait after failed attempt {@code n} (1-based): base, 2 × base, 4 × base … at most retry-max. */
    Duration backoff(int n) {
        Duration d = config.retryBase().multipliedBy(1L << Math.min(n - 1, 30));
        return d.compareTo(config.retryMax()) > 0 || d.isNegative() ? config.retryMax() : d;
    }
}
