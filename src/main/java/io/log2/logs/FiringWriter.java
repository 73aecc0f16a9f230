package io.log2.logs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The one thread that writes runs, findings and firings to the database. Runs queue up in a bounded queue;
 * the writer takes as many as are waiting, writes them in JDBC batches within one transaction, commits, and
 * only then completes each run's {@link RunRecord#committed()} future. It lingers a few milliseconds for runs
 * close behind, so that under load one commit serves many runs. The rows themselves are written by
 * {@link RunRows}, {@link FindingRows} and {@link FiringRows}, with the analysis figures kept beside them by
 * {@link RunRuleRows} and {@link ConsequenceTimeRows}; serialising matched facts to JSON happens
 * there, on this thread, off the engine's.
 *
 * <p>Faults stay small: a group the database refuses is written again in halves, so only the runs it refuses
 * fail; a database that cannot be reached fails the group at once; the thread survives anything a run can
 * throw; a full queue refuses a run after a bounded wait instead of holding its caller; and {@link #close}
 * drains within a bound and fails what is left. No failure's text names another run or carries SQL.
 */
public final class FiringWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FiringWriter.class);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long IDLE_POLL_MILLIS = 200;
    private static final int GROUP_ROWS = 20_000;
    private static final int GROUP_RUNS = 256;

    /** What the writer could not do, in words fit for the run's caller. */
    enum Failure {
        DATABASE_DOWN("the database is unavailable, so the run was not logged and its result is not returned; try again later"),
        REFUSED("the database refused to store this run, so its result is not returned; the reason is in the service's log"),
        QUEUE_FULL("the log writer is behind (its queue is full), so the run was not logged; try again later"),
        STOPPED("the service is shutting down, so the run was not logged; try again later");

        final String text;

        Failure(String text) {
            this.text = text;
        }
    }

    private final DataSource dataSource;
    private final BlockingQueue<RunRecord> queue;
    private final Duration queueWait;
    private final Thread thread;
    private final FiringRows firingRows = new FiringRows();
    private final ConsequenceTimeRows consequenceTimes = new ConsequenceTimeRows();
    private final Durability durability;
    private volatile boolean stopping;
    private volatile boolean abandoned;
    private volatile long lastRefusedNanos;
    private volatile boolean refusedOnce;

    /** A writer whose full queue refuses a run after five seconds. */
    public FiringWriter(DataSource dataSource, int queueCapacity) {
        this(dataSource, queueCapacity, Duration.ofSeconds(5));
    }

    public FiringWriter(DataSource dataSource, int queueCapacity, Duration queueWait) {
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueWait = queueWait;
        this.durability = new Durability();
        this.thread = new Thread(this::loop, "log2-firing-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a run for writing. Its future completes once the run is committed, or fails with a
     * {@link LogUnavailableException}; when the queue stays full for the queue wait, it fails at once.
     */
    public CompletableFuture<Void> submit(RunRecord run) {
        if (stopping || !thread.isAlive()) {
            return fail(run, Failure.STOPPED);
        }
        try {
            if (!queue.offer(run, queueWait.toNanos(), TimeUnit.NANOSECONDS)) {
                lastRefusedNanos = System.nanoTime();
                refusedOnce = true;
                return fail(run, Failure.QUEUE_FULL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(run, Failure.STOPPED);
        }
        // close() may have failed what was queued just before this run got in: nobody would take it now.
        if ((abandoned || stopping && !thread.isAlive()) && queue.remove(run)) {
            return fail(run, Failure.STOPPED);
        }
        return run.committed();
    }

    /**
     * Why the writer cannot take runs now, if it cannot: its thread is gone, it is stopping, or it refused a
     * run for a full queue within the last {@code window}.
     */
    public java.util.Optional<String> trouble(Duration window) {
        if (stopping) {
            return java.util.Optional.of("the log writer is stopping");
        }
        if (!thread.isAlive()) {
            return java.util.Optional.of("the log writer's thread has ended");
        }
        if (refusedOnce && System.nanoTime() - lastRefusedNanos < window.toNanos()) {
            return java.util.Optional.of("the log writer refused runs for a full queue in the last " + window.toMillis() + " ms");
        }
        return java.util.Optional.empty();
    }

    /** Runs waiting to be written. */
    public int queued() {
        return queue.size();
    }

    /** Writes what is queued, waiting at most 30 seconds; see {@link #close(Duration)}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops taking runs and writes those queued, waiting at most {@code drain}; runs still queued after that
     * fail with a {@link LogUnavailableException} saying the service is shutting down.
     */
    public void close(Duration drain) {
        stopping = true;
        try {
            thread.join(Math.max(1, drain.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abandoned = true;
        List<RunRecord> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.errorf("shutdown: %d run(s) not written within %d ms fail", left.size(), drain.toMillis());
        }
        left.forEach(r -> fail(r, Failure.STOPPED));
    }

    private void loop() {
        List<RunRecord> group = new ArrayList<>();
        while (!abandoned) {
            try {
                RunRecord first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                // Group commit: wait a moment for the runs right behind, since a commit costs far more than a row.
                long deadline = System.nanoTime() + LINGER_NANOS;
                int rows = rows(first);
                while (rows < GROUP_ROWS && group.size() < GROUP_RUNS) {
                    long wait = deadline - System.nanoTime();
                    RunRecord next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    group.add(next);
                    rows += rows(next);
                }
                write(group);
            } catch (InterruptedException e) {
                // Nobody but close() stops this thread, and it does not interrupt: keep going.
                LOG.warn("the log writer was interrupted; it goes on");
            } catch (Throwable e) {
                // write() handles what a run can throw; anything else must not end the thread either.
                LOG.error("the log writer failed a group of runs", e);
                group.forEach(r -> fail(r, Failure.REFUSED));
            } finally {
                group.clear();
            }
        }
    }

    private static int rows(RunRecord run) {
        return 1 + run.findings().size() + run.firings().size();
    }

    /**
     * Writes a group in one transaction. When the database refuses it, one of its runs may be the cause:
     * each half is written again on its own, so that in the end only the runs the database refuses fail.
     * Returns false when the database could not be reached, having failed the whole group.
     */
    boolean write(List<RunRecord> runs) {
        try {
            commit(runs);
            runs.forEach(r -> r.committed().complete(null));
            return true;
        } catch (DatabaseDown e) {
            LOG.errorf(e.getCause(), "the database is unavailable: %d run(s) fail", runs.size());
            runs.forEach(r -> fail(r, Failure.DATABASE_DOWN));
            return false;
        } catch (Throwable e) {
            if (runs.size() == 1) {
                LOG.errorf(e, "run %s could not be written to the log", runs.get(0).runId());
                fail(runs.get(0), Failure.REFUSED);
                return true;
            }
            LOG.warnf("a group of %d runs was refused (%s); writing it again in halves to find the run(s) at fault",
                    runs.size(), e.getClass().getSimpleName());
            int half = runs.size() / 2;
            if (!write(runs.subList(0, half))) {
                runs.subList(half, runs.size()).forEach(r -> fail(r, Failure.DATABASE_DOWN));
                return false;
            }
            return write(runs.subList(half, runs.size()));
        }
    }

    private void commit(List<RunRecord> runs) throws SQLException, DatabaseDown {
        // Until the first row is sent, no run can be at fault: any failure is the database's.
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            throw new DatabaseDown(e);
        }
        try {
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            close(c);
            throw new DatabaseDown(e);
        }
        try {
            try {
                RunRows.insert(c, runs);
                RunFactRows.insert(c, runs);
                firingRows.insert(c, runs, FindingRows.insert(c, runs));
                // The figures the log analysis reads, kept with the firings they count: both or neither are stored.
                consequenceTimes.upsert(c, runs);
                RunRuleRows.insert(c, runs);
                c.commit();
            } catch (Throwable e) {
                rollback(c);
                if (DatabaseDown.isConnectionLost(e, c)) {
                    throw new DatabaseDown(e);
                }
                throw e;
            } finally {
                resetAutoCommit(c);
            }
            try {
                durability.afterCommit(c);
            } catch (SQLException | RuntimeException e) {
                // Committed but perhaps not on disk: not a fault of any one run, and writing it again would duplicate it.
                throw new DatabaseDown(e);
            }
        } finally {
            close(c);
        }
    }

    /** Returns the connection to the pool; a broken one failing to close changes nothing for the runs. */
    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("closing a connection after a write failed", e);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("rollback after a failed write failed too", e);
        }
    }

    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("cannot reset auto-commit on a connection after a write", e);
        }
    }

    private static CompletableFuture<Void> fail(RunRecord run, Failure failure) {
        run.committed().completeExceptionally(new LogUnavailableException(failure.text, null));
        return run.committed();
    }
}
