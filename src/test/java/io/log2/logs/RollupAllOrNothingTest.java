package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.RuleInfo;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A commit group the database refuses leaves neither firings nor any of the analysis figures kept beside them, and
 * the runs of that group written again (in halves, as the writer does) are counted once. The fault is real: a run
 * whose {@code run_rule} row the database already holds makes the group fail after its firings and consequence
 * times were sent, in the same transaction.
 */
@QuarkusTest
class RollupAllOrNothingTest {

    @Inject
    DataSource dataSource;

    @Test
    void aRefusedGroupLeavesNothingAndItsGoodRunsAreCountedOnce() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String goodRule = "Counted once " + tag;
        String refusedRule = "Refused " + tag;
        RunRecord first = run(goodRule, 3, 1_500);
        RunRecord refused = run(refusedRule, 4, 2_500);
        RunRecord second = run(goodRule, 5, 1_600);
        // The fault: a stale row for the refused run's rule, which its own row collides with.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO run_rule (run_id, rule, agent, first_at, first_hour,"
                     + " first_seq, firings) VALUES (?, ?, 'rollup-test', ?, 0, 1, 1)")) {
            ps.setString(1, refused.runId());
            ps.setString(2, refusedRule);
            ps.setObject(3, Instant.now().atOffset(ZoneOffset.UTC));
            ps.executeUpdate();
        }
        try {
            try (FiringWriter writer = new FiringWriter(dataSource, 8)) {
                assertTrue(writer.write(List.of(first, refused, second)), "the database was reachable");
            }
            check(first, refused, second, goodRule, refusedRule);
        } finally {
            // The fault removed again: every other row of run_rule counts firings that are stored.
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM run_rule WHERE run_id = '" + refused.runId() + "'");
            }
        }
    }

    private void check(RunRecord first, RunRecord refused, RunRecord second, String goodRule, String refusedRule)
            throws Exception {

        first.committed().get();
        second.committed().get();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> refused.committed().get());
        assertTrue(e.getCause() instanceof LogUnavailableException, e.toString());

        try (Connection c = dataSource.getConnection()) {
            // The refused run: no run, no firings, no consequence times, only the stale row it collided with.
            assertEquals(0, count(c, "SELECT COUNT(*) FROM run WHERE id = '" + refused.runId() + "'"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM firing WHERE run_id = '" + refused.runId() + "'"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM consequence_time WHERE rule = '" + refusedRule + "'"));
            assertEquals(1, count(c, "SELECT SUM(firings) FROM run_rule WHERE run_id = '" + refused.runId() + "'"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM run_rule_error WHERE run_id = '" + refused.runId() + "'"));
            // The good runs, written in the failed attempt and again in the halves: once.
            assertEquals(8, count(c, "SELECT COUNT(*) FROM firing WHERE rule = '" + goodRule + "'"));
            assertEquals(8, count(c, "SELECT SUM(firings) FROM consequence_time WHERE rule = '" + goodRule + "'"));
            assertEquals(1_500 * 3 + 1_600 * 5, count(c,
                    "SELECT SUM(total_nanos) FROM consequence_time WHERE rule = '" + goodRule + "'"));
            assertEquals(8, count(c, "SELECT SUM(firings) FROM run_rule WHERE rule = '" + goodRule + "'"));
            assertEquals(2, count(c, "SELECT SUM(errors) FROM run_rule_error WHERE rule = '" + goodRule + "'"));
            assertEquals(2, count(c, "SELECT COUNT(*) FROM run WHERE id IN ('" + first.runId() + "','" + second.runId() + "')"));
        }
    }

    /** A run of {@code firings} firings of one rule, each taking {@code nanos}, the first of them throwing. */
    private static RunRecord run(String rule, int firings, long nanos) {
        Instant at = Instant.now();
        List<CapturedFiring> list = new ArrayList<>();
        for (int i = 1; i <= firings; i++) {
            list.add(new CapturedFiring(i, new RuleInfo(rule, "io.log2.rules.rollups", "rollups.drl", null), List.of(),
                    new String[0], new Object[0], at.plusMillis(i), nanos, i == 1 ? "java.lang.IllegalStateException: first" : null,
                    "i-" + i));
        }
        return new RunRecord(UUID.randomUUID().toString(), "rollup-test", 1, at, 1_000_000, firings, List.of(), list);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
