package io.log2.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.log2.logic.Finding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
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
 * one commit serves many runs. Serialising matched facts to JSON happens here, off the engine's thread.
 */
public final class FiringWriter implements AutoCloseable {

    static final int MAX_JSON = 8000;
    private static final Logger LOG = Logger.getLogger(FiringWriter.class);
    private static final int BATCH_ROWS = 1000;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int GROUP_ROWS = 20_000;
    private static final int GROUP_RUNS = 256;
    private static final RunRecord STOP = new RunRecord(null, null, 0, null, 0, 0, List.of(), List.of());

    private final DataSource dataSource;
    private final BlockingQueue<RunRecord> queue;
    private final Thread thread;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
                insertRuns(c, runs);
                insertFindings(c, runs);
                insertFirings(c, runs);
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

    private void insertRuns(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run (id, agent, version, started_at, duration_nanos, "
                + "fact_count, firing_count, finding_count, status, problems) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RunRecord r : runs) {
                ps.setString(1, r.runId());
                ps.setString(2, r.agent());
                ps.setInt(3, r.version());
                ps.setObject(4, r.startedAt().atOffset(ZoneOffset.UTC));
                ps.setLong(5, r.durationNanos());
                ps.setInt(6, r.factCount());
                ps.setInt(7, r.firings().size());
                ps.setInt(8, r.findings().size());
                ps.setString(9, r.status());
                ps.setString(10, r.problems().isEmpty() ? null : truncate(String.join("\n", r.problems()), 4000));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void insertFindings(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO finding (run_id, seq, firing_seq, kind, severity, "
                + "category, measured, threshold, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (RunRecord r : runs) {
                int seq = 0;
                for (Finding f : r.findings()) {
                    ps.setString(1, r.runId());
                    ps.setInt(2, ++seq);
                    ps.setInt(3, f.firing());
                    ps.setString(4, f.kind());
                    ps.setString(5, f.severity());
                    ps.setString(6, f.category());
                    setDouble(ps, 7, f.value());
                    setDouble(ps, 8, f.threshold());
                    ps.setString(9, truncate(f.message(), 2000));
                    ps.addBatch();
                    if (++rows % BATCH_ROWS == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    private void insertFirings(Connection c, List<RunRecord> runs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO firing (run_id, seq, agent, version, rule, package_name, "
                + "file, source_row, resource, facts, bindings, fired_at, duration_nanos, error) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (RunRecord r : runs) {
                for (CapturedFiring f : r.firings()) {
                    ps.setString(1, r.runId());
                    ps.setInt(2, f.seq());
                    ps.setString(3, r.agent());
                    ps.setInt(4, r.version());
                    ps.setString(5, f.rule().name());
                    ps.setString(6, f.rule().packageName());
                    ps.setString(7, f.rule().file());
                    setInteger(ps, 8, f.rule().row());
                    ps.setString(9, truncate(f.resource(), 512));
                    ps.setString(10, factsJson(f));
                    ps.setString(11, bindingsJson(f));
                    ps.setObject(12, f.firedAt().atOffset(ZoneOffset.UTC));
                    ps.setLong(13, f.durationNanos());
                    ps.setString(14, truncate(f.error(), 2000));
                    ps.addBatch();
                    if (++rows % BATCH_ROWS == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
        }
    }

    /** The matched facts as a JSON array of objects, each with its {@code type}; capped at {@value #MAX_JSON} characters. */
    String factsJson(CapturedFiring f) {
        StringBuilder out = new StringBuilder(256).append('[');
        int dropped = 0;
        for (Object fact : f.facts()) {
            String body = write(fact);
            String typed = "{\"type\":\"" + fact.getClass().getSimpleName() + "\"" + (body.length() > 2 ? "," : "") + body.substring(1);
            if (out.length() + typed.length() + 40 > MAX_JSON) {
                dropped++;
                continue;
            }
            out.append(out.length() > 1 ? "," : "").append(typed);
        }
        if (dropped > 0) {
            out.append(out.length() > 1 ? "," : "").append("{\"truncated\":").append(dropped).append('}');
        }
        return out.append(']').toString();
    }

    /** The rule's bound variables; a variable bound to a matched fact is written as that fact's index. */
    String bindingsJson(CapturedFiring f) {
        StringBuilder out = new StringBuilder(128).append('{');
        for (int i = 0; i < f.bindingNames().length; i++) {
            Object value = f.bindingValues()[i];
            int index = indexOf(f.facts(), value);
            out.append(i == 0 ? "" : ",").append(write(f.bindingNames()[i])).append(':');
            if (index >= 0) {
                out.append("{\"fact\":").append(index).append('}');
            } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                out.append(write(value));
            }
        }
        String text = out.append('}').toString();
        return text.length() > MAX_JSON ? "{\"truncated\":" + text.length() + "}" : text;
    }

    private static int indexOf(List<Object> facts, Object value) {
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(String.valueOf(value)).toString();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, v);
        }
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || v.isNaN() || v.isInfinite()) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }
}
