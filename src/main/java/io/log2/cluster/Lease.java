package io.log2.cluster;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.InvalidTransactionException;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Work that runs on one instance at a time among those sharing the database: whoever takes the lease of a name runs,
 * the others skip (they do not wait). On PostgreSQL a lease is a session advisory lock held on a connection of its
 * own for the length of the work, so it ends when the holder's connection does, crash included. Elsewhere (H2) it is
 * a row of {@code cluster_lease} with an expiry. Two callers on one instance exclude each other as well.
 */
@ApplicationScoped
public class Lease {

    private static final Logger LOG = Logger.getLogger(Lease.class);
    /** The first key of every advisory lock the service takes, so that they cannot meet another application's. */
    static final int LOCK_SPACE = 0x4c6f6732; // "Log2"

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TransactionManager transactions;
    @Inject
    ClusterConfig config;
    @Inject
    InstanceName instance;

    private volatile Boolean postgres;

    /** Runs the work if the lease is free and answers true; answers false at once if another holder has it. */
    public boolean runIfFree(String name, Runnable work) {
        return callIfFree(name, () -> {
            work.run();
            return Boolean.TRUE;
        }).isPresent();
    }

    /** Answers the work's result if the lease was free, empty if another holder has it. */
    public <T> Optional<T> callIfFree(String name, Supplier<T> work) {
        // the lease's connection stays outside any transaction of the caller: it is given back whatever the work does
        Transaction outer = suspend();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            Held held = isPostgres(c) ? advisory(c, name) : row(c, name);
            if (held == null) {
                LOG.debugf("lease %s is held elsewhere; %s skips it", name, instance.get());
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(work.get());
            } finally {
                release(name, held);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the lease " + name + " cannot be taken: " + e.getMessage(), e);
        } finally {
            resume(outer);
        }
    }

    /**
     * Gives the lease back; a failure to do so must not hide the work's own result or exception. An advisory lock
     * ends with its connection anyway; a lease row expires after {@code log2.cluster.lease-expiry}.
     */
    private void release(String name, Held held) {
        try {
            held.release();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "lease %s could not be given back by %s; it ends with its connection or at its expiry", name, instance.get());
        }
    }

    /**
     * On H2 one process opens the database file, so a lease row found at start was left by this instance's previous
     * run (a crash, a kill): without this it would hold cycles, imports and learning back until it expires.
     */
    void clearLeftOver(@Observes StartupEvent event) {
        try (Connection c = dataSource.getConnection()) {
            if (!isPostgres(c)) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM cluster_lease")) {
                    int left = s.executeUpdate();
                    if (left > 0) {
                        LOG.infof("%d lease(s) left by the previous run cleared", left);
                    }
                }
            }
        } catch (SQLException e) {
            LOG.warn("leases left by a previous run could not be cleared; they end at their expiry", e);
        }
    }

    private Transaction suspend() {
        try {
            return transactions.getTransaction() == null ? null : transactions.suspend();
        } catch (SystemException e) {
            throw new IllegalStateException("the caller's transaction cannot be set aside", e);
        }
    }

    private void resume(Transaction outer) {
        if (outer != null) {
            try {
                transactions.resume(outer);
            } catch (InvalidTransactionException | SystemException e) {
                throw new IllegalStateException("the caller's transaction cannot be resumed", e);
            }
        }
    }

    private interface Held {
        void release() throws SQLException;
    }

    private static Held advisory(Connection c, String name) throws SQLException {
        if (!bool(c, "SELECT pg_try_advisory_lock(?, hashtext(?))", name)) {
            return null;
        }
        return () -> bool(c, "SELECT pg_advisory_unlock(?, hashtext(?))", name);
    }

    private static boolean bool(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setInt(1, LOCK_SPACE);
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private Held row(Connection c, String name) throws SQLException {
        String holder = instance.get() + "/" + UUID.randomUUID();
        Instant now = Instant.now();
        Timestamp until = Timestamp.from(now.plus(config.leaseExpiry()));
        boolean taken;
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE cluster_lease SET holder = ?, taken_at = ?, expires_at = ? WHERE name = ? AND expires_at < ?")) {
            s.setString(1, holder);
            s.setTimestamp(2, Timestamp.from(now));
            s.setTimestamp(3, until);
            s.setString(4, name);
            s.setTimestamp(5, Timestamp.from(now));
            taken = s.executeUpdate() == 1;
        }
        if (!taken) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO cluster_lease (name, holder, taken_at, expires_at) VALUES (?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, holder);
                s.setTimestamp(3, Timestamp.from(now));
                s.setTimestamp(4, until);
                s.executeUpdate();
            } catch (SQLException e) {
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // the row exists and has not expired: another holder has the lease
                    return null;
                }
                throw e;
            }
        }
        return () -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM cluster_lease WHERE name = ? AND holder = ?")) {
                s.setString(1, name);
                s.setString(2, holder);
                s.executeUpdate();
            }
        };
    }

    private boolean isPostgres(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        return pg;
    }
}
