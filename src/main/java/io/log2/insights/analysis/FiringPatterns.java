package io.log2.insights.analysis;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rules fire, when and together, from the span's {@code run_rule} rows, which the firing writer keeps beside
 * the firings (one row per run and rule: how often the rule fired in the run, its first firing's place and time;
 * about a tenth of the firings): the database counts per rule and hour, and per ordered pair of rules the runs in
 * which the first's first firing came before the second's (a rule paired with itself: the runs it fired in). A rule's firings in a run belong to the span when its first one does.
 * <ul>
 *   <li>firings over time: per rule and hour (or day, for spans over three days), each firing counted in the hour of
 *       its rule's first firing in its run (a run lasts seconds);</li>
 *   <li>co-firing pairs: rules that fired in the same run, with support (share of the span's runs with both),
 *       confidence (share of the first rule's runs in which the second fired too) and lift (support over what
 *       independent rules would give: 1 is chance, above 1 they go together);</li>
 *   <li>sequences: ordered pairs within runs, A then B when A's first firing in a run came before B's;</li>
 *   <li>time-of-day (UTC hours) and day-of-week (Monday first) profiles per rule;</li>
 *   <li>rules of the active version that never fired in the span, and rules that fired in at least
 *       {@value #NEARLY_EVERY_RUN} of the span's runs.</li>
 * </ul>
 */
public final class FiringPatterns {

    /** The share of runs from which a rule counts as firing on nearly every run. */
    public static final double NEARLY_EVERY_RUN = 0.95;
    /** Co-firing pairs and sequences listed, the most frequent first. */
    public static final int MAX_PAIRS = 100;

    static final String SQL = "WITH rr AS (SELECT run_id, rule, firings, first_seq, first_hour FROM run_rule"
            + " WHERE agent = ? AND first_at >= ? AND first_at < ?)"
            + " SELECT 'H', rule, rule, first_hour, SUM(firings), 0 FROM rr GROUP BY rule, first_hour"
            + " UNION ALL"
            + " SELECT 'P', a.rule, b.rule, 0, COUNT(*), 0"
            + " FROM rr a JOIN rr b ON a.run_id = b.run_id AND a.first_seq <= b.first_seq GROUP BY a.rule, b.rule";

    public record Patterns(String bucket, List<RuleSeries> firingsOverTime, List<CoFiring> coFiring,
                           List<Sequence> sequences, List<Profile> hourOfDay, List<Profile> dayOfWeek,
                           List<String> neverFired, double nearlyEveryRunShare, List<RuleRuns> nearlyEveryRun) {
    }

    /** A rule's firings and runs in the span, and its firings per bucket (buckets without firings left out). */
    public record RuleSeries(String rule, long firings, long runs, List<Bucket> buckets) {
    }

    public record Bucket(Instant start, long firings) {
    }

    public record CoFiring(String rule, String with, long runs, Double support, Double confidence, Double lift) {
    }

    /** {@code runs}: runs in which {@code first} fired before {@code then}; {@code share}: of the runs with both. */
    public record Sequence(String first, String then, long runs, Double share) {
    }

    /** Firings per UTC hour of the day (24) or per day of the week (7, Monday first). */
    public record Profile(String rule, long[] firings) {
    }

    public record RuleRuns(String rule, long runs, Double share) {
    }

    private FiringPatterns() {
    }

    /**
     * The patterns of the span; {@code runs} is the number of the span's runs, {@code activeRules} the rules of
     * the agent's active version.
     */
    public static Patterns read(Connection connection, AnalysisSpan span, long runs, Collection<String> activeRules)
            throws SQLException {
        Map<String, TreeMap<Long, Long>> hourly = new TreeMap<>();
        Map<String, Long> runsOf = new TreeMap<>();
        // Per pair of rules (in name order): runs with both, and runs in which the first named fired first.
        Map<List<String>, long[]> pairs = new TreeMap<>(Comparator.<List<String>, String>comparing(p -> p.get(0))
                .thenComparing(p -> p.get(1)));
        try (PreparedStatement statement = connection.prepareStatement(SQL)) {
            span.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String a = rs.getString(2);
                    String b = rs.getString(3);
                    if (rs.getString(1).equals("H")) {
                        hourly.computeIfAbsent(a, k -> new TreeMap<>()).merge(rs.getLong(4), rs.getLong(5), Long::sum);
                    } else if (a.equals(b)) {
                        runsOf.put(a, rs.getLong(5));
                    } else {
                        // Rows are ordered pairs: a's first firing in the run came before b's.
                        boolean inOrder = a.compareTo(b) < 0;
                        long[] counts = pairs.computeIfAbsent(inOrder ? List.of(a, b) : List.of(b, a), k -> new long[2]);
                        counts[0] += rs.getLong(5);
                        counts[1] += inOrder ? rs.getLong(5) : 0;
                    }
                }
            }
        }
        boolean daily = span.bucket().equals("day");
        List<RuleSeries> series = new ArrayList<>();
        List<Profile> hours = new ArrayList<>();
        List<Profile> days = new ArrayList<>();
        hourly.forEach((rule, counts) -> {
            TreeMap<Long, Long> buckets = new TreeMap<>();
            long[] hourOfDay = new long[24];
            long[] dayOfWeek = new long[7];
            long total = 0;
            for (Map.Entry<Long, Long> e : counts.entrySet()) {
                long hour = e.getKey();
                long day = Math.floorDiv(hour, 24);
                buckets.merge(daily ? day * 24 : hour, e.getValue(), Long::sum);
                hourOfDay[(int) Math.floorMod(hour, 24)] += e.getValue();
                dayOfWeek[(int) Math.floorMod(day + 3, 7)] += e.getValue(); // 1970-01-01 was a Thursday
                total += e.getValue();
            }
            series.add(new RuleSeries(rule, total, runsOf.getOrDefault(rule, 0L), buckets.entrySet().stream()
                    .map(b -> new Bucket(Instant.ofEpochSecond(b.getKey() * 3600), b.getValue())).toList()));
            hours.add(new Profile(rule, hourOfDay));
            days.add(new Profile(rule, dayOfWeek));
        });
        List<CoFiring> coFiring = new ArrayList<>();
        List<Sequence> sequences = new ArrayList<>();
        for (Map.Entry<List<String>, long[]> p : pairs.entrySet()) {
            String a = p.getKey().get(0);
            String b = p.getKey().get(1);
            long both = p.getValue()[0];
            long aFirst = p.getValue()[1];
            long na = runsOf.getOrDefault(a, 0L);
            long nb = runsOf.getOrDefault(b, 0L);
            Double lift = na == 0 || nb == 0 || runs == 0 ? null : Rows.round((double) both * runs / ((double) na * nb), 4);
            coFiring.add(new CoFiring(a, b, both, Rows.share(both, runs), Rows.share(both, na), lift));
            if (aFirst > 0) {
                sequences.add(new Sequence(a, b, aFirst, Rows.share(aFirst, both)));
            }
            if (both - aFirst > 0) {
                sequences.add(new Sequence(b, a, both - aFirst, Rows.share(both - aFirst, both)));
            }
        }
        coFiring.sort(Comparator.comparingLong(CoFiring::runs).reversed().thenComparing(CoFiring::rule)
                .thenComparing(CoFiring::with));
        sequences.sort(Comparator.comparingLong(Sequence::runs).reversed().thenComparing(Sequence::first)
                .thenComparing(Sequence::then));
        List<String> never = activeRules.stream().filter(r -> !hourly.containsKey(r)).sorted().distinct().toList();
        List<RuleRuns> everyRun = runsOf.entrySet().stream()
                .filter(e -> runs > 0 && e.getValue() >= NEARLY_EVERY_RUN * runs)
                .map(e -> new RuleRuns(e.getKey(), e.getValue(), Rows.share(e.getValue(), runs))).toList();
        return new Patterns(span.bucket(), series, coFiring.subList(0, Math.min(MAX_PAIRS, coFiring.size())),
                sequences.subList(0, Math.min(MAX_PAIRS, sequences.size())), hours, days, never, NEARLY_EVERY_RUN,
                everyRun);
    }
}
