package io.log2.logs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Makes a committed group of runs reach the disk before the runs are answered. PostgreSQL does that on commit
 * (with its default {@code synchronous_commit}); H2 does not: with {@code WRITE_DELAY=0} its commit writes to
 * the file but leaves it in the operating system's cache, and with its default delay it does not even write.
 * On H2, {@code CHECKPOINT SYNC} stores what is pending and forces the file to the device.
 */
final class Durability {

    private static final Logger LOG = Logger.getLogger(Durability.class);
    /** H2's error code for a statement only an administrator may run. */
    private static final int ADMIN_RIGHTS_REQUIRED = 90040;

    /** Unknown until the first commit; then whether this database needs an explicit sync. */
    private volatile Boolean syncAfterCommit;

    void afterCommit(Connection c) throws SQLException {
        Boolean sync = syncAfterCommit;
        if (sync == null) {
            sync = "H2".equals(c.getMetaData().getDatabaseProductName()) && !c.getMetaData().getURL().contains("mem:");
            syncAfterCommit = sync;
        }
        if (sync) {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT SYNC");
            } catch (SQLException e) {
                if (e.getErrorCode() != ADMIN_RIGHTS_REQUIRED) {
                    throw e;
                }
                // Only H2's administrators may sync; the commit has still reached the file (WRITE_DELAY=0).
                LOG.warn("the database user is not an H2 administrator, so commits are not forced to disk (CHECKPOINT SYNC)");
                syncAfterCommit = false;
            }
        }
    }
}
