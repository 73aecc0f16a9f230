package io.log2.agents.awsusage.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The commit-ordered numbers of history stores. A store takes the next number by updating the one counter row,
 * which stays locked until the store's transaction ends: stores therefore take their numbers one after another and
 * commit in that order, and a reader that sees the committed value N has seen every row numbered N or less
 * (PostgreSQL and H2 alike read the last committed counter without waiting for the lock). Stores are short and
 * rare (a cycle's collection, an import), so serialising them costs nothing noticeable.
 */
final class HistorySequence {

    /** How long a store waits for another store's commit before it fails; H2 gives up after 2 s by default. */
    static final Duration WAIT = Duration.ofMinutes(2);

    private HistorySequence() {
    }

    /** The next number, on the transaction's connection; the counter row stays locked until that transaction ends. */
    static long next(Connection c) throws SQLException {
        boolean h2 = "H2".equals(c.getMetaData().getDatabaseProductName());
        int h2Timeout = 0;
        if (h2) {
            h2Timeout = single(c, "SELECT LOCK_TIMEOUT()").intValue();
            execute(c, "SET LOCK_TIMEOUT " + WAIT.toMillis());
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE history_sequence SET last_value = last_value + 1 WHERE name = 'history'")) {
            ps.executeUpdate();
        } finally {
            if (h2) {
                execute(c, "SET LOCK_TIMEOUT " + h2Timeout);
            }
        }
        return single(c, "SELECT last_value FROM history_sequence WHERE name = 'history'");
    }

    /** The number of the last committed store. */
    static long committed(Connection c) throws SQLException {
        return single(c, "SELECT last_value FROM history_sequence WHERE name = 'history'");
    }

    private static Long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
