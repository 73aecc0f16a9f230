package io.log2.bench;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logs.FiringCapture;
import io.log2.logs.FiringWriter;
import io.log2.logs.RunFacts;
import io.log2.logs.RunRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;

/**
 * Evaluates one million EC2 CPU samples through the shipped aws-usage rules, with firing capture and
 * persistence on (until every firing is committed) and with capture off, in one process, and prints facts/s
 * and their ratio at fire rates of about 1% and 10%: the medians of nine pairs of runs, each pair measured back to back.
 *
 * <p>The samples are the real NAB EC2 CPU series, cycled, each scaled so that the wanted share of samples lies
 * above the shipped 80% threshold. Run with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.log2.bench.CaptureBenchmark};
 * add {@code -Dbench.db=jdbc:postgresql://localhost:5432/log2cap -Dbench.user=log2 -Dbench.password=log2}
 * to write to PostgreSQL instead of an H2 file: a database of its own, since each round deletes every firing, run and
 * finding in it.
 */
public final class CaptureBenchmark {

    static final int SAMPLES = Integer.getInteger("bench.samples", 1_000_000);
    static final int SESSION = Integer.getInteger("bench.session", 10_000);
    static final int REPEATS = Integer.getInteger("bench.repeats", 9);
    static final int WARMUPS = Integer.getInteger("bench.warmups", 5);
    /** The shares of samples above the threshold; 1 puts every sample above it, so every sample fires. */
    static final double[] RATES = Arrays.stream(System.getProperty("bench.rates", "0.01,0.10").split(","))
            .mapToDouble(Double::parseDouble).toArray();
    /** The agent whose facts the samples are: it tells the finding log which series each sample belongs to. */
    static final AwsUsageAgent AGENT = new AwsUsageAgent();
    static final String[] SERIES = {"24ae8d", "53ea38", "5f5533", "77c1ca", "825cc2", "ac20cd", "c6585a"};

    public static void main(String[] args) throws Exception {
        // Outside Quarkus nobody sets log levels, and Drools would format a trace line for every inserted fact.
        org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(java.util.logging.Level.WARNING);
        DataSource db = dataSource();
        Flyway.configure().dataSource(db).locations("classpath:db/migration").cleanDisabled(false).load().migrate();
        CompiledRuleSet compiled = new RuleSetCompiler(CaptureBenchmark.class.getClassLoader(), new AwsUsageAgent())
                .compile("aws-usage", new RuleFolder(Path.of("rules/aws-usage")).read());
        RuleSet rules = new RuleSet(compiled, 1, "bench", Instant.now());
        List<double[]> series = new ArrayList<>();
        List<Instant[]> times = new ArrayList<>();
        for (String id : SERIES) {
            readSeries(id, series, times);
        }
        System.out.printf(Locale.ROOT, "%,d EC2 CPU samples from %d NAB series, sessions of %,d facts, %d warm-up rounds, median of %d pairs, database %s%n",
                SAMPLES, SERIES.length, SESSION, WARMUPS, REPEATS, url(db));
        // Each index entry is a large part of a firing's cost: a figure is only comparable with the migrations' indexes.
        System.out.println("indexes of table firing: " + firingIndexes(db));
        System.out.printf(Locale.ROOT, "%-10s %14s %14s %8s %10s%n", "fire rate", "capture off/s", "capture on/s", "ratio", "firings");
        try (FiringWriter writer = new FiringWriter(db, 64)) {
            CpuSplit split = new CpuSplit("log2-firing-writer", localServer(url(db)));
            for (double rate : RATES) {
                List<MetricSample> samples = samples(series, times, rate);
                // The writer's path (JDBC driver, database engine) needs several rounds before the JIT has compiled it.
                for (int i = 0; i < WARMUPS; i++) {
                    truncate(db);
                    bare(rules, samples);
                    captured(rules, samples, writer);
                }
                // Pairs measured back to back, in alternating order, share the machine's state of the moment;
                // the median of their ratios is far steadier than a ratio of two separate bests.
                double[] off = new double[REPEATS];
                double[] on = new double[REPEATS];
                double[] ratio = new double[REPEATS];
                double[] bareEngine = new double[REPEATS];
                double[] engine = new double[REPEATS];
                double[] writerCpu = new double[REPEATS];
                double[] server = new double[REPEATS];
                int firings = 0;
                for (int i = 0; i < REPEATS; i++) {
                    truncate(db);
                    Bare bare;
                    Captured captured;
                    if (i % 2 == 0) {
                        bare = measureBare(rules, samples);
                        captured = measureCaptured(rules, samples, writer, split);
                    } else {
                        captured = measureCaptured(rules, samples, writer, split);
                        bare = measureBare(rules, samples);
                    }
                    firings = captured.firings();
                    bareEngine[i] = bare.engineCpu() / 1e6;
                    engine[i] = captured.cpu().engine() / 1e6;
                    writerCpu[i] = captured.cpu().writer() / 1e6;
                    server[i] = captured.cpu().server() / 1e6;
                    off[i] = SAMPLES / (bare.nanos() / 1e9);
                    on[i] = SAMPLES / (captured.nanos() / 1e9);
                    ratio[i] = on[i] / off[i];
                }
                System.out.printf(Locale.ROOT, "%-10s %,14.0f %,14.0f %8.2f %,10d   (ratios %s)%n", String.format(Locale.ROOT, "%.1f%%",
                        100.0 * firings / SAMPLES), median(off), median(on), median(ratio), firings, ratios(ratio));
                // Where a capture-on round's processor time went (medians of the rounds): on two cores the engine has
                // one, and the writer and the database share what is left with the JIT and the garbage collector.
                System.out.printf(Locale.ROOT, "%10s processor time per round: engine %.0f ms (capture off %.0f ms), writer %.0f ms "
                                + "(%.1f µs a firing), database server %s%n", "", median(engine), median(bareEngine), median(writerCpu),
                        1000 * median(writerCpu) / firings, median(server) < 0 ? "not read (not on this machine, or H2: in the writer's)"
                                : String.format(Locale.ROOT, "%.0f ms (%.1f µs a firing)", median(server), 1000 * median(server) / firings));
            }
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** A PostgreSQL server on this machine, whose processes' time can be read. */
    static boolean localServer(String url) {
        return url.matches("jdbc:postgresql://(localhost|127\\.0\\.0\\.1)(:\\d+)?/.*");
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String ratios(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return out.toString();
    }

    /** A capture-off round: its time and the engine thread's processor time. */
    record Bare(long nanos, long engineCpu) {
    }

    /** A capture-on round: its time until every firing was committed, its firings, and where its processor time went. */
    record Captured(long nanos, int firings, CpuSplit.Round cpu) {
    }

    static Bare measureBare(RuleSet rules, List<MetricSample> samples) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long nanos = bare(rules, samples);
        return new Bare(nanos, THREADS.getCurrentThreadCpuTime() - cpu);
    }

    /** The processor-time split is read outside the timed part: reading /proc takes time of its own. */
    static Captured measureCaptured(RuleSet rules, List<MetricSample> samples, FiringWriter writer, CpuSplit split)
            throws Exception {
        split.start();
        long t0 = System.nanoTime();
        int firings = captured(rules, samples, writer);
        long nanos = System.nanoTime() - t0;
        return new Captured(nanos, firings, split.stop());
    }

    /** Evaluation alone: findings are collected, nothing is captured or written. */
    static long bare(RuleSet rules, List<MetricSample> samples) {
        long t0 = System.nanoTime();
        for (int from = 0; from < samples.size(); from += SESSION) {
            Findings findings = new Findings(rules.compiled(), "bench", () -> 0);
            Evaluator.evaluate(rules, samples.subList(from, Math.min(samples.size(), from + SESSION)), findings, null);
        }
        return System.nanoTime() - t0;
    }

    /** Evaluation with every firing captured and written; returns once the last run is committed. */
    static int captured(RuleSet rules, List<MetricSample> samples, FiringWriter writer) throws Exception {
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        int firings = 0;
        for (int from = 0; from < samples.size(); from += SESSION) {
            List<MetricSample> chunk = samples.subList(from, Math.min(samples.size(), from + SESSION));
            String runId = UUID.randomUUID().toString();
            FiringCapture capture = new FiringCapture(rules.compiled());
            Findings findings = new Findings(rules.compiled(), runId, capture::currentSeq);
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            Evaluator.evaluate(rules, chunk, findings, capture);
            firings += capture.firings().size();
            commits.add(writer.submit(new RunRecord(runId, "aws-usage", rules.version(), started, System.nanoTime() - t0,
                    chunk.size(), findings.items(), capture.firings(), List.of(), new CompletableFuture<>(),
                    new RunFacts(AGENT, chunk, Set.of()), new AtomicReference<>(), false)));
        }
        CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).get();
        return firings;
    }

    static List<MetricSample> samples(List<double[]> series, List<Instant[]> times, double rate) {
        double[] all = series.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        // scaled so that the wanted share lies above 80; at a rate of 1 shifted above it instead (the lowest value is 0)
        double cut = all[(int) Math.min(all.length - 1, Math.floor(all.length * (1 - rate)))];
        double scale = rate >= 1 ? 1 : 80.0 / cut;
        double shift = rate >= 1 ? 80.5 - all[0] : 0;
        List<MetricSample> samples = new ArrayList<>(SAMPLES);
        int s = 0;
        int i = 0;
        while (samples.size() < SAMPLES) {
            double[] values = series.get(s);
            samples.add(new MetricSample("AWS/EC2", "CPUUtilization", "i-" + SERIES[s], times.get(s)[i], values[i] * scale + shift, null));
            if (++i == values.length) {
                i = 0;
                s = (s + 1) % series.size();
            }
        }
        return samples;
    }

    static void readSeries(String id, List<double[]> series, List<Instant[]> times) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        try (InputStream in = CaptureBenchmark.class.getResourceAsStream("/data/nab/ec2_cpu_utilization_" + id + ".csv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().skip(1).filter(l -> !l.isBlank()).toList();
            double[] values = new double[lines.size()];
            Instant[] at = new Instant[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] cols = lines.get(i).split(",");
                at[i] = LocalDateTime.parse(cols[0], format).toInstant(ZoneOffset.UTC);
                values[i] = Double.parseDouble(cols[1]);
            }
            series.add(values);
            times.add(at);
        }
    }

    /** An Agroal pool, as the service uses, on an H2 file under target/bench or on the PostgreSQL given. */
    static DataSource dataSource() throws Exception {
        String url = System.getProperty("bench.db");
        if (url == null) {
            Path dir = Path.of("target", "bench");
            Files.createDirectories(dir);
            // As the service's default: each commit written to the file at once, not after H2's write delay.
            url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("log2") + ";WRITE_DELAY=0";
        } else if (url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        String jdbcUrl = url;
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(4)
                        .connectionFactoryConfiguration(factory -> factory.jdbcUrl(jdbcUrl)
                                .principal(new NamePrincipal(System.getProperty("bench.user", "log2")))
                                .credential(new SimplePassword(System.getProperty("bench.password", "log2"))))));
    }

    static String url(DataSource db) throws Exception {
        try (Connection c = db.getConnection()) {
            return c.getMetaData().getURL();
        }
    }

    /** The firing table's indexes as the database reports them, by name. */
    static Set<String> firingIndexes(DataSource db) throws Exception {
        Set<String> names = new java.util.TreeSet<>();
        try (Connection c = db.getConnection()) {
            boolean upper = c.getMetaData().storesUpperCaseIdentifiers();
            try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, upper ? "FIRING" : "firing", false, false)) {
                while (rs.next()) {
                    if (rs.getString("INDEX_NAME") != null) {
                        names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return names;
    }

    static void truncate(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // The benchmark's database is its own: labels left there by other use would hold their findings.
            s.execute("DELETE FROM finding_feedback");
            s.execute("DELETE FROM firing");
            s.execute("DELETE FROM run_finding");
            s.execute("DELETE FROM finding");
            s.execute("DELETE FROM run");
            s.execute("DELETE FROM run_rule");
            s.execute("DELETE FROM run_rule_error");
            s.execute("DELETE FROM consequence_time");
        }
    }
}
