package io.log2.logs.retention;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The day partitions of the firing table on PostgreSQL ({@code firing_pYYYYMMDD}, from midnight UTC to the next, and
 * {@code firing_default} for anything outside them): made ahead of time, listed, and dropped once expired. On H2 the
 * table is not partitioned and every method here does nothing.
 */
@ApplicationScoped
public class FiringPartitions {

    private static final Logger LOG = Logger.getLogger(FiringPartitions.class);
    static final String DEFAULT = "firing_default";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'firing_p'yyyyMMdd");

    /** A day partition: its name and the UTC day it holds. */
    public record Partition(String name, LocalDate day) {
    }

    /** What dropping one expired partition did: its name and the kept firings moved to the default partition. */
    public record Dropped(String name, int keptFirings) {
    }

    @Inject
    DataSource dataSource;
    @Inject
    RetentionConfig config;

    void onStart(@Observes StartupEvent start) {
        makeAhead();
    }

    /**
     * The days ahead are made hourly whether or not expiry is scheduled: a service that keeps every firing must not
     * let new days fall into the default partition, where they could never get a partition of their own.
     */
    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void makeAhead() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            ensure(today, today.plusDays(config.partitionsAhead()));
        } catch (RuntimeException e) {
            // firings without a partition of their own land in the default one; the next expiry pass makes the days
            LOG.warnf("firing partitions not made at start: %s", e.getMessage());
        }
    }

    /** Whether the firing table is partitioned here (PostgreSQL). */
    public boolean partitioned() {
        try (Connection c = dataSource.getConnection()) {
            return partitioned(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's kind", e);
        }
    }

    private static boolean partitioned(Connection c) throws SQLException {
        return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    }

    /**
     * Makes the partitions of the days from..to (inclusive) that do not exist yet. A day whose firings already sit in
     * the default partition cannot get one (PostgreSQL refuses): it stays there and is said in the log.
     */
    public List<String> ensure(LocalDate from, LocalDate to) {
        List<String> made = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (!partitioned(c)) {
                return made;
            }
            List<String> existing = partitions(c).stream().map(Partition::name).toList();
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                String name = NAME.format(day);
                if (existing.contains(name)) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SET lock_timeout = " + config.lockTimeout().toMillis());
                    s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF firing FOR VALUES FROM ('" + day
                            + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
                    made.add(name);
                } catch (SQLException e) {
                    LOG.warnf("firing partition %s not made (its firings stay in %s): %s", name, DEFAULT, e.getMessage());
                } finally {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET lock_timeout = 0");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the firing table's partitions", e);
        }
        return made;
    }

    /** The day partitions, oldest first (the default partition is not among them). */
    public List<Partition> partitions() {
        try (Connection c = dataSource.getConnection()) {
            return partitioned(c) ? partitions(c) : List.of();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the firing table's partitions", e);
        }
    }

    private static List<Partition> partitions(Connection c) throws SQLException {
        List<Partition> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid "
                     + "WHERE i.inhparent = 'firing'::regclass ORDER BY p.relname")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.matches("firing_p\\d{8}")) {
                    out.add(new Partition(name, LocalDate.parse(name.substring(8), DateTimeFormatter.BASIC_ISO_DATE)));
                }
            }
        }
        return out;
    }

    /**
     * Drops each partition whose whole day lies before {@code cutoff}. The firing table's lock is taken only for the
     * detach, in a transaction of its own waiting at most {@code log2.retention.lock-timeout} (a partition whose lock
     * is not had in time is left for the next pass); then, without that lock, the detached table's firings that
     * explain findings whose label is in use ({@link KeptFindings}) are written back (to the default partition, since
     * no partition covers their day any more) and the table is dropped. A table left detached by a pass that stopped
     * in between is finished first.
     */
    public List<Dropped> dropBefore(Instant cutoff, Instant labelsFrom) {
        List<Dropped> dropped = new ArrayList<>();
        LocalDate lastWholeDay = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1);
        try (Connection c = dataSource.getConnection()) {
            if (!partitioned(c)) {
                return dropped;
            }
            for (String name : detached(c)) {
                // only an expired day: a table detached by hand from a kept day is somebody's, not this pass's
                if (!LocalDate.parse(name.substring(8), DateTimeFormatter.BASIC_ISO_DATE).isAfter(lastWholeDay)) {
                    finish(c, name, labelsFrom).ifPresent(dropped::add);
                }
            }
            for (Partition p : partitions(c)) {
                if (p.day().isAfter(lastWholeDay)) {
                    break;
                }
                if (detach(c, p.name())) {
                    finish(c, p.name(), labelsFrom).ifPresent(dropped::add);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop expired firing partitions", e);
        }
        return dropped;
    }

    private boolean detach(Connection c, String name) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = " + config.lockTimeout().toMillis());
            s.execute("ALTER TABLE firing DETACH PARTITION " + name);
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            LOG.warnf("firing partition %s not detached this time: %s", name, e.getMessage());
            return false;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Writes a detached day's kept firings back to the firing table and drops it, in one transaction. */
    private Optional<Dropped> finish(Connection c, String name, Instant labelsFrom) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            int kept;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO firing SELECT * FROM " + name
                    + " fi WHERE " + KeptFindings.EXPLAINS_KEPT)) {
                ps.setObject(1, labelsFrom.atOffset(ZoneOffset.UTC));
                kept = ps.executeUpdate();
            }
            s.execute("DROP TABLE " + name);
            c.commit();
            return Optional.of(new Dropped(name, kept));
        } catch (SQLException e) {
            c.rollback();
            LOG.warnf("detached firing partition %s not dropped this time (the next pass finishes it): %s", name, e.getMessage());
            return Optional.empty();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Day tables of the firing table's name pattern that are no partition of it: detached, not dropped yet. */
    private static List<String> detached(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relkind = 'r' AND NOT relispartition "
                     + "AND relnamespace = current_schema()::regnamespace AND relname LIKE 'firing\\_p%' ORDER BY relname")) {
            while (rs.next()) {
                if (rs.getString(1).matches("firing_p\\d{8}")) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
