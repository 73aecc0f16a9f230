package io.log2.logs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The one thread that writes runs, findings and firings to the database. Runs queue up in a bounded queue
 * (a full queue makes the evaluating thread wait rather than drop firings); the writer takes as many as are
 * waiting, writes them in JDBC batches within one transaction, commits, and only then completes each run's
 * {@link RunRecord#committed()} future. It lingers a few milliseconds for runs close behind, so that under load
 * one commit serves many runs. The rows themselves are written by {@link RunRows}, {@link FindingRows} and
 * {@link FiringRows}; serialising matched facts to JSON happens there, on this thread, off the engine's.
 */
public final class FiringWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FiringWriter.class);
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int GROUP_ROWS = 20_000;
    private static final int GROUP_RUNS = 256;
    private static final RunRecord STOP = new RunRecord(null, null, 0, null, 0, 0, List.of(), List.of());

    private final DataSource dataSource;
    private final BlockingQueue<RunRecord> queue;
    private final Thread thread;
    private final FiringRows firingRows = new FiringRows();

    public FiringWriter(DataSource dataSource, int queueCapacity) {
        this.dataSource = dataSource;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::loop, "log2-firing-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a run for writing; waits while the queue is full. Its future completes once it is committed. */
    public CompletableFuture<Void> submit(RunRecord run) {
        if (!thread.isAlive()) {
            run.committed().completeExceptionally(new IllegalStateException("the firing writer is stopped"));
            return run.committed();
        }
        try {
            queue.put(run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.committed().completeExceptionally(e);
        }
        return run.committed();
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        if (thread.isAlive()) {
            try {
                queue.put(STOP);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<RunRecord> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
                // Group commit: wait a moment for the runs right behind, since a commit costs far more than a row.
                long deadline = System.nanoTime() + LINGER_NANOS;
                int rows = rows(batch.get(0));
                while (rows < GROUP_ROWS && batch.size() < GROUP_RUNS && batch.get(batch.size() - 1) != STOP) {
                    long wait = deadline - System.nanoTime();
                    RunRecord next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    rows += rows(next);
                }
            } catch (InterruptedException e) {
                return;
            }
            boolean stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                write(batch);
            }
            batch.clear();
            if (stop) {
                return;
            }
        }
    }

    private static int rows(RunRecord run) {
        return 1 + run.findings().size() + run.firings().size();
    }

    private void write(List<RunRecord> runs) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                RunRows.insert(c, runs);
                FindingRows.insert(c, runs);
                firingRows.insert(c, runs);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            runs.forEach(r -> r.committed().complete(null));
        } catch (SQLException | RuntimeException e) {
            LOG.errorf(e, "writing %d run(s) to the log failed", runs.size());
            runs.forEach(r -> r.committed().completeExceptionally(e));
        }
    }
}
