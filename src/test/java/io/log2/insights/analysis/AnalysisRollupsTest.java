package io.log2.insights.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logs.ConsequenceBuckets;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The figures the firing writer keeps for the log analysis (run_rule, run_rule_error, consequence_time) equal what an
 * aggregate over the firing table gives, after the agent has run on real data (NAB EC2 CPU series) with a rule
 * that throws two kinds of exception. Every firing in the test database is written by the writer, so the whole
 * tables are compared.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class AnalysisRollupsTest {

    private static final Path NAB = Path.of("src/test/resources/data/nab");

    @Inject
    DataSource dataSource;

    @Test
    void theWritersFiguresEqualAnAggregateOverTheFirings() throws IOException, SQLException {
        String tag = Long.toString(System.nanoTime(), 36);
        Path folder = RulesFolderResource.rulesDir().resolve("aws-usage");
        String drl = String.join("\n",
                "package io.log2.rules.rollupfaults",
                "import io.log2.agents.awsusage.MetricSample",
                "rule \"Checks a quota\" @severity(\"low\") @category(\"performance\")",
                "when $m : MetricSample( resource == \"i-quota-" + tag + "\" ) then",
                "    if ($m.value() < 50) { throw new IllegalStateException(\"no quota at \" + $m.value()); }",
                "    throw new IllegalArgumentException(\"quota: \" + $m.value());",
                "end");
        Api.editor().contentType("application/octet-stream").body(drl.getBytes(StandardCharsets.UTF_8))
                .put("/api/agents/aws-usage/files/rollup-faults.drl").then().statusCode(200);
        List<String> runIds = new ArrayList<>();
        try {
            List<String[]> series = Files.readAllLines(NAB.resolve("ec2_cpu_utilization_77c1ca.csv")).stream().skip(1)
                    .filter(l -> !l.isBlank()).map(l -> l.split(",")).toList();
            for (int r = 0; r < 8; r++) {
                List<String> facts = new ArrayList<>();
                int start = r * (series.size() - 96) / 7;
                for (int i = start; i < start + 96; i++) {
                    String resource = (i % 7 == 0 ? "i-quota-" : "i-77c1ca-") + tag;
                    facts.add("{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\""
                            + resource + "\",\"timestamp\":\"" + series.get(i)[0].replace(' ', 'T') + "Z\",\"value\":"
                            + series.get(i)[1] + "}");
                }
                runIds.add(Api.editor().contentType("application/json").body("{\"facts\":[" + String.join(",", facts) + "]}")
                        .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath().getString("runId"));
            }
        } finally {
            Files.deleteIfExists(folder.resolve("rollup-faults.drl"));
            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> !Api.viewer().get("/api/agents/aws-usage")
                    .then().extract().jsonPath().getList("activeVersion.files").contains("rollup-faults.drl"));
        }

        try (Connection c = dataSource.getConnection()) {
            // The seeded runs are in the figures, with their errors of both types.
            String seeded = "('" + String.join("','", runIds) + "')";
            Set<List<String>> ours = rows(c, "SELECT run_id, rule, failure, agent, errors, first_at, last_at FROM run_rule_error"
                    + " WHERE run_id IN " + seeded, "ssssltt");
            assertEquals(Set.of("java.lang.IllegalStateException", "java.lang.IllegalArgumentException"),
                    ours.stream().map(r -> r.get(2)).collect(java.util.stream.Collectors.toSet()));
            assertEquals(runIds.size(), rows(c, "SELECT DISTINCT run_id FROM run_rule WHERE run_id IN " + seeded, "s").size());

            Set<List<String>> runRules = rows(c, "SELECT run_id, rule, agent, first_at, first_hour, first_seq, firings"
                    + " FROM run_rule", "ssstlll");
            assertEquals(rows(c, "SELECT run_id, rule, MIN(agent), MIN(fired_at), FLOOR(EXTRACT(EPOCH FROM MIN(fired_at)) / 3600),"
                    + " MIN(seq), COUNT(*) FROM firing GROUP BY run_id, rule", "ssstlll"), runRules);

            assertEquals(rows(c, "SELECT run_id, rule, failure, MIN(agent), COUNT(*), MIN(fired_at), MAX(fired_at) FROM ("
                    + " SELECT run_id, rule, agent, fired_at, CASE WHEN POSITION(':' IN error) > 0"
                    + " THEN SUBSTRING(error FROM 1 FOR POSITION(':' IN error) - 1) ELSE error END AS failure"
                    + " FROM firing WHERE error IS NOT NULL) e GROUP BY run_id, rule, failure", "ssssltt"),
                    rows(c, "SELECT run_id, rule, failure, agent, errors, first_at, last_at FROM run_rule_error", "ssssltt"));

            // Consequence times per agent, UTC day, rule and bucket, the bucket found by its bounds.
            assertEquals(rows(c, "SELECT f.agent, CAST(f.fired_at AT TIME ZONE 'UTC' AS DATE), f.rule, b.bucket, COUNT(*),"
                    + " SUM(f.duration_nanos), MAX(f.duration_nanos) FROM firing f JOIN consequence_bucket b"
                    + " ON f.duration_nanos >= b.lower_nanos AND f.duration_nanos < b.upper_nanos"
                    + " GROUP BY f.agent, CAST(f.fired_at AT TIME ZONE 'UTC' AS DATE), f.rule, b.bucket", "sdsllll"),
                    rows(c, "SELECT agent, fired_on, rule, bucket, firings, total_nanos, max_nanos FROM consequence_time", "sdsllll"));

            // A span of whole UTC days is answered from consequence_time alone: the same counts and longest times as
            // the firings of that day, and percentiles within the buckets' precision.
            java.time.Instant day = LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            java.time.Instant next = day.plus(Duration.ofDays(1));
            Set<List<String>> expected = rows(c, "SELECT rule, COUNT(*), MAX(duration_nanos) FROM firing WHERE agent = 'aws-usage'"
                    + " AND fired_at >= TIMESTAMP WITH TIME ZONE '" + day.toString().replace('T', ' ').replace("Z", "+00")
                    + "' AND fired_at < TIMESTAMP WITH TIME ZONE '" + next.toString().replace('T', ' ').replace("Z", "+00")
                    + "' GROUP BY rule", "sll");
            JsonPath analysis = Api.viewer().queryParam("from", day.toString()).queryParam("to", next.toString())
                    .get("/api/agents/aws-usage/analysis").then().statusCode(200).extract().jsonPath();
            Set<List<String>> answered = new HashSet<>();
            for (java.util.Map<String, Object> r : analysis.<java.util.Map<String, Object>>getList("performance.rules")) {
                answered.add(List.of((String) r.get("rule"), Long.toString(((Number) r.get("firings")).longValue()),
                        Long.toString(((Number) r.get("maxNanos")).longValue())));
                assertTrue(((Number) r.get("p50Nanos")).doubleValue() <= ((Number) r.get("p95Nanos")).doubleValue());
                assertTrue(((Number) r.get("p95Nanos")).doubleValue() <= ((Number) r.get("maxNanos")).doubleValue());
            }
            assertEquals(expected, answered);
        }
    }

    @Test
    void theBucketTableHoldsTheBoundsTheWriterCountsIn() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT bucket, lower_nanos, upper_nanos FROM consequence_bucket ORDER BY bucket")) {
            int n = 0;
            while (rs.next()) {
                assertEquals(n, rs.getInt(1));
                assertEquals(ConsequenceBuckets.lower(n), rs.getLong(2));
                assertEquals(ConsequenceBuckets.upper(n), rs.getLong(3));
                // Every bucket but the open last one is at most a tenth of its lower bound wide (or 1 ns).
                if (n + 1 < ConsequenceBuckets.count()) {
                    assertTrue(rs.getLong(3) - rs.getLong(2) <= Math.max(1, rs.getLong(2) / 10));
                    assertEquals(n, ConsequenceBuckets.of(rs.getLong(3) - 1));
                }
                assertEquals(n, ConsequenceBuckets.of(rs.getLong(2)));
                n++;
            }
            assertEquals(ConsequenceBuckets.count(), n);
        }
    }

    /**
     * The rows of a query, each column read by its kind: s text, l a whole number, t a timestamp (as an instant), d a
     * date.
     */
    static Set<List<String>> rows(Connection c, String sql, String kinds) throws SQLException {
        Set<List<String>> out = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < kinds.length(); i++) {
                    row.add(switch (kinds.charAt(i)) {
                        case 'l' -> Long.toString(rs.getLong(i + 1));
                        case 't' -> rs.getObject(i + 1, OffsetDateTime.class).toInstant().toString();
                        case 'd' -> rs.getObject(i + 1, LocalDate.class).toString();
                        default -> rs.getString(i + 1);
                    });
                }
                assertTrue(out.add(row), "a row twice: " + row);
            }
        }
        return out;
    }
}
