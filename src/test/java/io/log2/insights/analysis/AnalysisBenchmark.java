package io.log2.insights.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.log2.insights.analysis.LogAnalysis.Analysis;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The log analysis on a million firings in PostgreSQL (scripts/analysis-bench.sh). It empties the log tables of the
 * database it is given (use one of its own), migrates it, generates the log of 30 days in SQL (10,000 runs of 100
 * firings each, a handful of rules per run as an agent's runs have, 20,000 findings of which 30% labelled, 720
 * hourly cycles) and the figures the firing writer keeps for them ({@link #ROLLUPS}), lets PostgreSQL gather its
 * statistics and visibility map as autovacuum would, then runs the analysis {@code bench.repeats} times and prints
 * each part's time, and the plans of the two heaviest queries.
 */
public final class AnalysisBenchmark {

    static final String URL = System.getProperty("bench.db", "jdbc:postgresql://localhost:5432/log2bench");
    static final String USER = System.getProperty("bench.user", "log2");
    static final String PASSWORD = System.getProperty("bench.password", "log2");
    static final int RUNS = Integer.getInteger("bench.runs", 10_000);
    static final int FIRINGS_PER_RUN = Integer.getInteger("bench.firings-per-run", 100);
    static final int REPEATS = Integer.getInteger("bench.repeats", 5);
    static final String AGENT = "bench";
    static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant TO = FROM.plusSeconds(30L * 24 * 3600);

    /**
     * The figures the firing writer keeps as it writes (RunRuleRows, ConsequenceTimeRows), made here in SQL from the
     * generated firings with the same definitions as migration V11, which fills them for a log stored before it.
     */
    static final List<String> ROLLUPS = List.of(
            "INSERT INTO run_rule (run_id, rule, agent, first_at, first_hour, first_seq, firings)"
                    + " SELECT run_id, rule, MIN(agent), MIN(fired_at), CAST(FLOOR(EXTRACT(EPOCH FROM MIN(fired_at)) / 3600) AS BIGINT),"
                    + " MIN(seq), COUNT(*) FROM firing GROUP BY run_id, rule",
            "INSERT INTO run_rule_error (run_id, rule, failure, agent, errors, first_at, last_at)"
                    + " SELECT run_id, rule, failure, MIN(agent), COUNT(*), MIN(fired_at), MAX(fired_at) FROM ("
                    + " SELECT run_id, rule, agent, fired_at, SUBSTRING(CASE WHEN POSITION(':' IN error) > 0"
                    + " THEN SUBSTRING(error FROM 1 FOR POSITION(':' IN error) - 1) ELSE error END FROM 1 FOR 255) AS failure"
                    + " FROM firing WHERE error IS NOT NULL) e GROUP BY run_id, rule, failure",
            "INSERT INTO consequence_time (agent, fired_on, rule, bucket, firings, total_nanos, max_nanos)"
                    + " SELECT agent, fired_on, rule, bucket, COUNT(*), SUM(duration_nanos), MAX(duration_nanos) FROM ("
                    + " SELECT f.agent, CAST(f.fired_at AT TIME ZONE 'UTC' AS DATE) AS fired_on, f.rule, f.duration_nanos,"
                    + " (SELECT b.bucket FROM consequence_bucket b WHERE b.lower_nanos <= GREATEST(f.duration_nanos, 0)"
                    + " ORDER BY b.lower_nanos DESC FETCH FIRST 1 ROW ONLY) AS bucket FROM firing f) t"
                    + " GROUP BY agent, fired_on, rule, bucket");

    private AnalysisBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Flyway.configure().dataSource(URL, USER, PASSWORD).locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.setAutoCommit(true);
            long start = System.nanoTime();
            if (!Boolean.parseBoolean(System.getProperty("bench.generate", "true"))) {
                analyse(c);
                return;
            }
            generate(c);
            System.out.printf("generated %,d firings of %,d runs, with the writer's figures, in %.1f s%n", (long) RUNS * FIRINGS_PER_RUN, RUNS,
                    (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            try (Statement s = c.createStatement()) {
                for (String table : List.of("run", "firing", "finding", "finding_feedback", "monitoring_cycle", "run_rule",
                        "run_rule_error", "consequence_time")) {
                    s.execute("VACUUM ANALYZE " + table);
                }
            }
            System.out.printf("vacuum analyze (as autovacuum would) in %.1f s%n", (System.nanoTime() - start) / 1e9);
            analyse(c);
        }
    }

    private static void analyse(Connection c) throws SQLException, IOException {
        System.out.println("load average " + java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage() + " on " + Runtime.getRuntime().availableProcessors() + " cores");

        List<String> rules = new ArrayList<>(List.of("Heartbeat", "Never fires A", "Never fires B"));
        for (int i = 1; i <= 40; i++) {
            rules.add(String.format("Rule_%02d", i));
        }
        // The span asked for: the last bench.days of the 30 generated (all of them by default).
        AnalysisSpan span = new AnalysisSpan(AGENT, TO.minusSeconds(Long.getLong("bench.days", 30) * 24 * 3600), TO);
        Analysis a = null;
        for (int i = 1; i <= REPEATS; i++) {
            long t = System.nanoTime();
            a = LogAnalysis.analyse(c, span, rules);
            long total = (System.nanoTime() - t) / 1_000_000;
            System.out.printf("analysis %d: %d ms in total; %s; %d runs, %d rules fired, %d co-firing pairs%n", i,
                    total, parts(a.millis()), a.runs(), a.patterns().firingsOverTime().size(),
                    a.patterns().coFiring().size());
        }
        Path json = Path.of("target", "analysis-bench.json");
        new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writerWithDefaultPrettyPrinter().writeValue(json.toFile(), a);
        System.out.println("the last analysis, as the API answers it: " + json);
        explain(c, "firing patterns", FiringPatterns.SQL, ps -> span.bind(ps, 1));
        // The span's whole days (the benchmark's spans have no partial ones, so the firings are not read at all).
        explain(c, "consequence times", ConsequenceTimes.DAYS_SQL, ps -> {
            ps.setString(1, AGENT);
            ps.setObject(2, java.time.LocalDate.ofInstant(span.from(), java.time.ZoneOffset.UTC));
            ps.setObject(3, java.time.LocalDate.ofInstant(span.to(), java.time.ZoneOffset.UTC));
        });
    }

    private static String parts(Map<String, Long> millis) {
        StringBuilder out = new StringBuilder();
        millis.forEach((part, ms) -> out.append(out.isEmpty() ? "" : ", ").append(part).append(' ').append(ms).append(" ms"));
        return out.toString();
    }

    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static void explain(Connection c, String name, String sql, Binder binder) throws SQLException {
        System.out.println("\nEXPLAIN ANALYZE, " + name + ":");
        c.setAutoCommit(false);
        LogAnalysis.tune(c); // as the analysis runs it
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println(rs.getString(1));
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /**
     * The log, generated in the database. Runs every 259.2 s; each run fires a heartbeat rule first, then 99 firings
     * spread over six rules that depend on the run (as an agent's runs alert on many resources through a few rules);
     * consequence times are skewed (most about 1 µs, a tail to 50 µs); one firing in 2,000 throws. One run in 97 is
     * partial and one in 500 aborted. Findings name the rules; a third of them are labelled. Cycles run hourly and
     * one in 50 has a failed collector.
     */
    private static void generate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE firing, run, run_finding, finding_feedback, finding, monitoring_cycle, run_rule,"
                    + " run_rule_error, consequence_time");
            String at = "TIMESTAMP WITH TIME ZONE '2026-10-01 00:00:00+00'";
            s.execute("INSERT INTO run (id, agent, version, started_at, duration_nanos, fact_count, firing_count,"
                    + " finding_count, status, problems)"
                    + " SELECT 'bench-' || r, '" + AGENT + "', 1, " + at + " + (r - 1) * INTERVAL '259.2 seconds',"
                    + " (2000000 + random() * 30000000)::bigint, 5000 + r % 1000, " + FIRINGS_PER_RUN + ", 5,"
                    + " CASE WHEN r % 500 = 0 THEN 'aborted' WHEN r % 97 = 0 THEN 'partial' ELSE 'complete' END,"
                    + " CASE WHEN r % 500 = 0 THEN 'aborted: the run took longer than 60 s (log2.run.max-time)'"
                    + " WHEN r % 97 = 0 THEN 'cloudwatch@us-east-1: failed: SdkClientException: Unable to execute HTTP request' END"
                    + " FROM generate_series(1, " + RUNS + ") r");
            s.execute("INSERT INTO firing (run_id, seq, agent, version, rule, package_name, file, source_row, resource,"
                    + " facts, bindings, fired_at, duration_nanos, error)"
                    + " SELECT 'bench-' || r, q, '" + AGENT + "', 1,"
                    + " CASE WHEN q = 1 THEN 'Heartbeat' ELSE 'Rule_' || lpad((1 + (floor(40 * power(((r * 2654435761) % 1000)"
                    + " / 1000.0, 2)) + floor(6 * power(random(), 1.5)) * 7)::int % 40)::text, 2, '0') END,"
                    + " 'io.log2.rules.bench', 'thresholds.drl.xlsx', 11, 'i-' || ((r * 100 + q) % 5000),"
                    + " '[{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"i-'"
                    + " || ((r * 100 + q) % 5000) || '\",\"timestamp\":\"2026-10-20T10:00:00Z\",\"value\":93.0,\"capacity\":null}]',"
                    + " '{\"$threshold\":80.0,\"$value\":93.0}',"
                    + " " + at + " + (r - 1) * INTERVAL '259.2 seconds' + q * INTERVAL '1 millisecond',"
                    + " (1000 + 50000 * power(random(), 3))::bigint,"
                    + " CASE WHEN random() < 0.0005 THEN 'java.lang.ArithmeticException: / by zero' END"
                    + " FROM generate_series(1, " + RUNS + ") r, generate_series(1, " + FIRINGS_PER_RUN + ") q");
            for (String rollup : ROLLUPS) {
                s.execute(rollup);
            }
            s.execute("INSERT INTO finding (agent, fingerprint, open_key, rule, resource, kind, severity, state, first_seen,"
                    + " last_seen, seen_count, message, first_run_id, first_firing_seq, last_run_id, last_firing_seq)"
                    + " SELECT '" + AGENT + "', 'fp-' || i, NULL, 'Rule_' || lpad((1 + i % 40)::text, 2, '0'), 'i-' || i,"
                    + " 'alert', 'high', 'resolved', " + at + " + i * INTERVAL '129.6 seconds',"
                    + " " + at + " + i * INTERVAL '129.6 seconds' + INTERVAL '1 hour', 3, 'EC2 CPU above threshold',"
                    + " 'bench-' || (1 + i / 2), 2, 'bench-' || (1 + i / 2), 2 FROM generate_series(1, 19999) i");
            s.execute("INSERT INTO finding_feedback (finding_id, label, given_by, source, given_at)"
                    + " SELECT id, CASE id % 3 WHEN 0 THEN 'useful' WHEN 1 THEN 'noise' ELSE 'expected' END, 'bench', 'person',"
                    + " last_seen FROM finding WHERE agent = '" + AGENT + "' AND random() < 0.3");
            s.execute("UPDATE finding SET feedback_id = (SELECT MAX(fb.id) FROM finding_feedback fb WHERE fb.finding_id = finding.id)"
                    + " WHERE agent = '" + AGENT + "'");
            s.execute("INSERT INTO monitoring_cycle (agent, started_at, finished_at, status, run_id, collectors)"
                    + " SELECT '" + AGENT + "', " + at + " + h * INTERVAL '1 hour',"
                    + " " + at + " + h * INTERVAL '1 hour' + (5 + random() * 40) * INTERVAL '1 second',"
                    + " CASE WHEN h % 50 = 0 THEN 'partial' ELSE 'complete' END, 'bench-' || (1 + h * 14),"
                    + " CASE WHEN h % 50 = 0 THEN '{\"cost-explorer@us-east-1\":\"ok\",\"cloudwatch@us-east-1\":"
                    + "\"failed: SdkClientException: Unable to execute HTTP request\"}'"
                    + " ELSE '{\"cost-explorer@us-east-1\":\"ok\",\"cloudwatch@us-east-1\":\"ok\"}' END"
                    + " FROM generate_series(0, 719) h");
        }
    }
}
