package io.log2.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * {@code GET /api/firings} over HTTP with HTTP Basic on ten million firing rows in PostgreSQL: each filter alone and
 * agent+rule+time combined, the first page and a deep page reached by cursor. Prints p50/p95 per query, the database's
 * own time for each page (EXPLAIN ANALYZE of the SQL the service runs for it) and the plans of the pages.
 *
 * <p>The rows are generated in SQL ({@code generate_series}, one statement per million) when the table holds fewer
 * than {@code bench.rows}: 30 days of firings, 100 per run, 8 agents with 8 rules each, 10,000 resources, facts and
 * bindings of the size the shipped agents write. The service must be running on the same database
 * ({@code scripts/firings-bench.sh} starts it).
 */
public final class FiringQueryBenchmark {

    static final long ROWS = Long.getLong("bench.rows", 10_000_000L);
    static final int REQUESTS = Integer.getInteger("bench.requests", 200);
    static final int WARMUPS = Integer.getInteger("bench.warmups", 20);
    static final int MAX_WARMUPS = Integer.getInteger("bench.max-warmups", 1000);
    /** The share of two seconds of warm-up rounds the service's JIT may compile in for the warm-up to end. */
    static final double JIT_QUIET = Double.parseDouble(System.getProperty("bench.jit-quiet", "0.02"));
    /** The service's process id, to watch its JIT compiler threads (scripts/firings-bench.sh passes it). */
    static final Long SERVICE_PID = Long.getLong("bench.service-pid");
    static final String[] AGENTS = {"aws-usage", "ansible", "terraform-plan", "cost-watch", "iam-audit", "s3-exposure",
            "rds-backup", "lambda-errors"};
    /** The end of the generated time span; the rows cover the 30 days before it, oldest first. */
    /**
     * The end of the 30 generated days: the start of today (UTC) unless bench.end says otherwise, so that the newest
     * firings are as recent as a running service's. Fill a fresh database on the day you measure: pages without a
     * time range are read from now back (see FiringWindow), and a log that ended weeks ago is an idle service's.
     */
    static final Instant END = Instant.parse(System.getProperty("bench.end",
            Instant.now().truncatedTo(ChronoUnit.DAYS).toString()));

    public static void main(String[] args) throws Exception {
        String db = System.getProperty("bench.db", "jdbc:postgresql://localhost:5432/log2bench");
        String dbUser = System.getProperty("bench.db-user", "log2");
        String dbPassword = System.getProperty("bench.db-password", "log2");
        String url = System.getProperty("bench.url", "http://localhost:8080");
        String user = System.getProperty("bench.user", "admin");
        String password = System.getProperty("bench.password");
        if (Boolean.getBoolean("bench.generate-only")) {
            Flyway.configure().dataSource(db, dbUser, dbPassword).locations("classpath:db/migration").load().migrate();
            try (Connection c = DriverManager.getConnection(db, dbUser, dbPassword)) {
                generate(c);
            }
            return;
        }
        if (password == null) {
            throw new IllegalArgumentException("set -Dbench.password to the password of " + user);
        }
        // The same migrations the service runs, so the rows can be generated before it first starts.
        Flyway.configure().dataSource(db, dbUser, dbPassword).locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(db, dbUser, dbPassword)) {
            generate(c);
            long[] range = idRange(c);
            Instant windowTo = END.minus(20, ChronoUnit.DAYS);
            Instant windowFrom = windowTo.minus(1, ChronoUnit.DAYS);
            Instant lastDay = END.minus(1, ChronoUnit.DAYS);
            String agent = AGENTS[2];
            String rule = agent + "-rule-5";
            String run = runIdNear(c, range[0] + (range[1] - range[0]) / 2);
            // Each query with the position of its deep page: 90% of the way down its time range (the whole 30 days
            // when it has none), or, for a run, below its 90th firing.
            Map<String, String> queries = new LinkedHashMap<>();
            Map<String, Position> deep = new LinkedHashMap<>();
            Position old = newestAtOrBefore(c, END.minus(27, ChronoUnit.DAYS));
            Position inWindow = newestAtOrBefore(c, windowFrom.plus(144, ChronoUnit.MINUTES));
            queries.put("no filter", "");
            deep.put("no filter", old);
            queries.put("agent", "agent=" + agent);
            deep.put("agent", old);
            queries.put("rule", "rule=" + rule);
            deep.put("rule", old);
            queries.put("run", "run=" + run);
            deep.put("run", firingOfRun(c, run, 10));
            // a small page, which PostgreSQL once served by walking the time index until it met the run's firings
            queries.put("run, 10 a page", "run=" + run + "&limit=10");
            deep.put("run, 10 a page", firingOfRun(c, run, 50));
            queries.put("version", "version=3");
            deep.put("version", old);
            queries.put("resource", "resource=arn:aws:ec2:us-east-1:111111111111:instance/i-bench00004242");
            deep.put("resource", old);
            queries.put("from (last day)", "from=" + lastDay);
            deep.put("from (last day)", newestAtOrBefore(c, lastDay.plus(144, ChronoUnit.MINUTES)));
            queries.put("from+to (a day 20 days ago)", "from=" + windowFrom + "&to=" + windowTo);
            deep.put("from+to (a day 20 days ago)", inWindow);
            queries.put("agent+rule+from+to", "agent=" + agent + "&rule=" + rule + "&from=" + windowFrom + "&to=" + windowTo);
            deep.put("agent+rule+from+to", inWindow);
            System.out.printf(Locale.ROOT, "load average at the start: %s%n", loadAverage());
            if (!Boolean.getBoolean("bench.plans-only")) {
                Http http = new Http(url, user, password);
                System.out.printf(Locale.ROOT, "%,d firing rows; up to %d requests per query (at least 20, else for bench.seconds)"
                        + " after %d warm-up rounds over every page and %d warm-up requests, one keep-alive connection%n", range[2], REQUESTS, WARMUPS, WARMUPS);
                Map<String, String[]> paths = new LinkedHashMap<>();
                for (Map.Entry<String, String> q : queries.entrySet()) {
                    String first = "/api/firings" + (q.getValue().isEmpty() ? "" : "?" + q.getValue());
                    String deepPath = first + (q.getValue().isEmpty() ? "?" : "&") + "cursor=" + deep.get(q.getKey()).cursor();
                    paths.put(q.getKey(), new String[] {first, deepPath});
                }
                // Every page once per warm-up round before any is timed: the service's code is compiled by then and
                // each pooled connection has met the partitions, so the first query timed is not the one that pays.
                // Given the service's process id, the rounds go on until its JIT compiler threads have settled: on two
                // cores a compile of the request path takes the core a request runs on, and for the first few thousand
                // requests it did (p95 of 12 to 17 ms on pages that took 5 to 8 ms once it had slowed down).
                JitClock jit = SERVICE_PID == null ? null : new JitClock(SERVICE_PID);
                int rounds = 0;
                long warmStart = System.nanoTime();
                // The JIT is watched over spans of at least 2 s of rounds (its threads' time is counted in 10 ms ticks).
                long spanStart = warmStart;
                long compileAtSpanStart = jit == null ? 0 : jit.millis();
                boolean settled = false;
                while (rounds < WARMUPS || jit != null && !settled && rounds < MAX_WARMUPS) {
                    for (String[] pages : paths.values()) {
                        http.get(pages[0]);
                        http.get(pages[1]);
                    }
                    rounds++;
                    long spanMillis = (System.nanoTime() - spanStart) / 1_000_000;
                    if (jit != null && spanMillis >= 2_000) {
                        long compile = jit.millis();
                        settled = compile - compileAtSpanStart <= spanMillis * JIT_QUIET;
                        spanStart = System.nanoTime();
                        compileAtSpanStart = compile;
                    }
                }
                System.out.printf(Locale.ROOT, "warm-up: %d rounds of every page in %.1f s%s%n", rounds,
                        (System.nanoTime() - warmStart) / 1e9, jit == null ? " (no bench.service-pid: JIT not watched)"
                                : settled ? ", until the service's JIT compiler took at most " + Math.round(JIT_QUIET * 100)
                                + "% of 2 s of them" : ", the JIT still compiling at bench.max-warmups");
                long compileAtStart = jit == null ? 0 : jit.millis();
                System.out.printf(Locale.ROOT, "%-30s %-6s %9s %9s %6s %9s%n", "query", "page", "p50 ms", "p95 ms", "rows", "requests");
                // The floor at this load: a request that reads nothing from the database (the credential is still checked).
                Timing floor = http.time("/q/health/live");
                System.out.printf(Locale.ROOT, "%-30s %-6s %9.2f %9.2f %6s %9d%n", "/q/health/live", "", floor.p50,
                        floor.p95, "", floor.requests);
                for (Map.Entry<String, String[]> q : paths.entrySet()) {
                    for (int p = 0; p < 2; p++) {
                        Timing t = http.time(q.getValue()[p]);
                        System.out.printf(Locale.ROOT, "%-30s %-6s %9.2f %9.2f %6d %9d%n", q.getKey(), p == 0 ? "first" : "deep",
                                t.p50, t.p95, t.rows, t.requests);
                    }
                }
                if (jit != null) {
                    System.out.printf(Locale.ROOT, "the service's JIT compiler threads during the timed requests: %d ms of CPU%n",
                            jit.millis() - compileAtStart);
                }
                System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
            }
            if (Boolean.parseBoolean(System.getProperty("bench.plans", "true"))) {
                // The database's own time, less sensitive to the machine's load than the HTTP figures: the medians
                // of the planning and the execution time of five EXPLAIN ANALYZE runs per page of one query over
                // the whole range (the service reads a page span by span, see FiringWindow), then each page's plan.
                // Planning counts: over every day partition it takes longer than the execution.
                System.out.printf(Locale.ROOT, "%n%-30s %12s %12s %12s %12s%n", "query", "first plan", "first run",
                        "deep plan", "deep run");
                Map<String, List<String>> plans = new LinkedHashMap<>();
                for (Map.Entry<String, String> q : queries.entrySet()) {
                    double[] ms = new double[4];
                    for (int p = 0; p < 2; p++) {
                        List<Double> planning = new ArrayList<>();
                        List<Double> runs = new ArrayList<>();
                        List<String> plan = List.of();
                        for (int i = 0; i < 5; i++) {
                            plan = explain(c, q.getValue(), p == 0 ? null : deep.get(q.getKey()));
                            planning.add(millis(plan, "Planning Time:"));
                            runs.add(millis(plan, "Execution Time:"));
                        }
                        Collections.sort(planning);
                        Collections.sort(runs);
                        ms[2 * p] = planning.get(2);
                        ms[2 * p + 1] = runs.get(2);
                        plans.put(q.getKey() + (p == 0 ? ", first page" : ", deep page"), plan);
                    }
                    System.out.printf(Locale.ROOT, "%-30s %12.3f %12.3f %12.3f %12.3f%n", q.getKey(), ms[0], ms[1], ms[2], ms[3]);
                }
                for (Map.Entry<String, List<String>> plan : plans.entrySet()) {
                    System.out.printf("%n-- %s%n", plan.getKey());
                    plan.getValue().forEach(System.out::println);
                }
            }
        }
    }

    /** A firing's place in the order of the pages: the cursor of a page that ends with it. */
    record Position(Instant firedAt, long id) {
        String cursor() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((firedAt + "~" + id).getBytes(StandardCharsets.UTF_8));
        }
    }

    static Position newestAtOrBefore(Connection c, Instant at) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT fired_at, id FROM firing WHERE fired_at <= ?"
                + " ORDER BY fired_at DESC, id DESC LIMIT 1")) {
            p.setObject(1, at.atOffset(java.time.ZoneOffset.UTC));
            return position(p);
        }
    }

    static Position firingOfRun(Connection c, String run, int seq) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT fired_at, id FROM firing WHERE run_id = ? AND seq = ?")) {
            p.setString(1, run);
            p.setInt(2, seq);
            return position(p);
        }
    }

    private static Position position(PreparedStatement p) throws Exception {
        try (ResultSet r = p.executeQuery()) {
            r.next();
            return new Position(r.getObject(1, java.time.OffsetDateTime.class).toInstant(), r.getLong(2));
        }
    }

    /** The CPU time the JIT compiler threads of a process on this machine have used (Linux, {@code /proc}). */
    record JitClock(long pid) {
        long millis() throws IOException {
            long ticks = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                            continue;
                        }
                        // after the command in parentheses: state is field 3, utime and stime fields 14 and 15
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    } catch (NoSuchFileException gone) {
                        // a compiler thread that ended meanwhile: its time is no longer counted anywhere
                    }
                }
            }
            return ticks * 10; // USER_HZ is 100 on Linux
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static double millis(List<String> plan, String label) {
        for (String line : plan) {
            if (line.startsWith(label)) {
                return Double.parseDouble(line.replaceAll("[^0-9.]", ""));
            }
        }
        throw new IllegalStateException("no " + label + " in " + plan);
    }

    /** Fills the firing table up to {@code bench.rows} rows, a million per statement, then refreshes the statistics. */
    static void generate(Connection c) throws Exception {
        long have = count(c);
        if (have >= ROWS) {
            return;
        }
        String agents = "ARRAY['" + String.join("','", AGENTS) + "']";
        long step = 1_000_000;
        double secondsPerRow = 30 * 86400.0 / ROWS;
        System.out.printf(Locale.ROOT, "generating %,d firing rows...%n", ROWS - have);
        long start = System.nanoTime();
        try (Statement s = c.createStatement()) {
            // The day partitions the service would have made as the days came (V18, FiringPartitions).
            for (Instant day = END.minus(30, ChronoUnit.DAYS); day.isBefore(END); day = day.plus(1, ChronoUnit.DAYS)) {
                String d = day.toString().substring(0, 10);
                s.execute("CREATE TABLE IF NOT EXISTS firing_p" + d.replace("-", "") + " PARTITION OF firing FOR VALUES FROM ('"
                        + d + " 00:00:00+00') TO ('" + day.plus(1, ChronoUnit.DAYS).toString().substring(0, 10) + " 00:00:00+00')");
            }
            for (long from = have; from < ROWS; from += step) {
                long to = Math.min(ROWS, from + step) - 1;
                // One run is 100 consecutive firings of one agent; its rules and resources vary within it.
                s.execute("INSERT INTO firing (run_id, seq, agent, version, rule, package_name, file, source_row, resource,"
                        + " facts, bindings, fired_at, duration_nanos)"
                        + " SELECT 'bench-run-' || lpad((g / 100)::text, 10, '0'), (g % 100)::int,"
                        + " (" + agents + ")[1 + (g / 100) % 8],"
                        + " 1 + ((g / 100) % 5)::int,"
                        + " (" + agents + ")[1 + (g / 100) % 8] || '-rule-' || (g * 7 % 8),"
                        + " 'io.log2.rules', 'rules.drl', NULL,"
                        + " 'arn:aws:ec2:us-east-1:111111111111:instance/i-bench' || lpad((g * 7919 % 10000)::text, 8, '0'),"
                        + " '[{\"type\":\"MetricSample\",\"instanceId\":\"i-bench' || lpad((g * 7919 % 10000)::text, 8, '0')"
                        + "   || '\",\"metric\":\"CPUUtilization\",\"value\":' || (g % 1000) / 10.0 || ',\"unit\":\"Percent\"}]',"
                        + " '{\"$s\":\"MetricSample#' || g || '\",\"$limit\":80.0}',"
                        + " TIMESTAMPTZ '" + END.minus(30, ChronoUnit.DAYS) + "' + make_interval(secs => g * " + secondsPerRow + "),"
                        + " 20000 + g % 5000"
                        + " FROM generate_series(" + from + "::bigint, " + to + ") g");
                System.out.printf(Locale.ROOT, "  %,d rows (%.0f s)%n", to + 1, (System.nanoTime() - start) / 1e9);
            }
            s.execute("ANALYZE firing");
        }
        System.out.printf(Locale.ROOT, "generated in %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static long count(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM firing")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Lowest id, highest id, row count. */
    static long[] idRange(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT min(id), max(id), count(*) FROM firing")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2), r.getLong(3)};
        }
    }

    static String runIdNear(Connection c, long id) throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT run_id FROM firing WHERE id >= ? ORDER BY id LIMIT 1")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        }
    }

    /** The plan of the SQL AuditQueries.firings has Hibernate send for these parameters, after the cursor if any. */
    static List<String> explain(Connection c, String query, Position after) throws Exception {
        List<String> where = new ArrayList<>();
        int limit = 100;
        String order = "f.fired_at DESC, f.id DESC";
        if (after != null) {
            String at = "TIMESTAMPTZ '" + after.firedAt() + "'";
            where.add("f.fired_at <= " + at + " AND (f.fired_at < " + at + " OR f.id < " + after.id() + ")");
        }
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String v = kv[1].replace("'", "''");
            switch (kv[0]) {
                case "agent" -> where.add("f.agent = '" + v + "'");
                case "rule" -> where.add("f.rule = '" + v + "'");
                case "run" -> {
                    where.add("f.run_id = '" + v + "'");
                    order = "COALESCE(f.fired_at, f.fired_at) DESC, f.id DESC";
                }
                case "limit" -> limit = Integer.parseInt(v);
                case "version" -> where.add("f.version = " + Integer.parseInt(v));
                case "resource" -> where.add("f.resource = '" + v + "'");
                case "from" -> where.add("f.fired_at >= TIMESTAMPTZ '" + v + "'");
                case "to" -> where.add("f.fired_at < TIMESTAMPTZ '" + v + "'");
                default -> throw new IllegalArgumentException(kv[0]);
            }
        }
        String sql = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT f.* FROM firing f"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + order + " FETCH FIRST " + (limit + 1) + " ROWS ONLY";
        List<String> plan = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                plan.add(r.getString(1));
            }
        }
        return plan;
    }

    record Timing(double p50, double p95, int rows, int requests) {
    }

    /**
     * Requests on one keep-alive HTTP/1.1 connection with the same Basic credential each time, as a polling dashboard.
     * It is the JDK's blocking {@code HttpURLConnection}, which reuses the connection once a body is read to its end:
     * {@code java.net.http.HttpClient} hands each exchange to a selector thread and back, which on two cores added
     * about 2 ms to every request's median and more to its p95 (2.0 / 7.1 ms for {@code /q/health/live}, where curl on
     * one connection measured 0.15 / 0.36 ms on the same service), the client's time rather than the service's.
     */
    static final class Http {
        final String url;
        final String authorization;

        Http(String url, String user, String password) {
            this.url = url;
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        String get(String path) throws Exception {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
            connection.setRequestProperty("Authorization", authorization);
            connection.setConnectTimeout(60_000);
            connection.setReadTimeout(60_000);
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (status != 200) {
                    throw new IllegalStateException(path + " answered " + status + ": " + body);
                }
                return body;
            }
        }

        Timing time(String path) throws Exception {
            List<Long> nanos = new ArrayList<>();
            int rows = 0;
            long budget = System.nanoTime() + (long) (Double.parseDouble(System.getProperty("bench.seconds", "20")) * 1e9);
            for (int i = 0; i < WARMUPS + REQUESTS && (i < WARMUPS + 20 || System.nanoTime() < budget); i++) {
                long start = System.nanoTime();
                String body = get(path);
                long took = System.nanoTime() - start;
                if (i >= WARMUPS) {
                    nanos.add(took);
                }
                rows = countItems(body);
            }
            Collections.sort(nanos);
            return new Timing(nanos.get(nanos.size() / 2) / 1e6, nanos.get((int) Math.ceil(nanos.size() * 0.95) - 1) / 1e6, rows,
                    nanos.size());
        }

        /** The firings on a page: each carries exactly one "runId". */
        static int countItems(String body) {
            int n = 0;
            for (int i = body.indexOf("\"runId\""); i >= 0; i = body.indexOf("\"runId\"", i + 1)) {
                n++;
            }
            return n;
        }
    }
}
