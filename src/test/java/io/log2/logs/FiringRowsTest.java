package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.Finding;
import io.log2.logic.RuleInfo;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The firing rows as stored, on whichever database the profile runs (PostgreSQL takes them through COPY, H2 through
 * JDBC batches): text with the characters COPY's format escapes comes back unchanged, nulls stay null, the time keeps
 * its microseconds (rounded to them), a run larger than one chunk of COPY data arrives whole,
 * and a firing the database refuses fails its run alone, not the group it was written with.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FiringRowsTest {

    record Sample(String resource, String note) {
    }

    @Inject
    DataSource dataSource;

    @Test
    void textWithTabsNewlinesAndBackslashesIsStoredAsItWas() throws Exception {
        String id = UUID.randomUUID().toString();
        String odd = "tab\there, line\nbreak, return\r, back\\slash, \\N, \"quoted\", ünïcödé ✓";
        Sample fact = new Sample("i-" + id, odd);
        Instant at = Instant.parse("2026-11-20T10:00:00.123456Z");
        CapturedFiring threw = new CapturedFiring(1, new RuleInfo("Odd\tRule \\ name", "io.log2.test", null, null),
                List.of(fact), new String[] {"$s", "$text"}, new Object[] {fact, odd}, at, 1234, "java.lang.IllegalStateException: " + odd,
                "i-" + id);
        CapturedFiring plain = new CapturedFiring(2, new RuleInfo("Plain", "io.log2.test", "odd.drl", 7),
                List.of(fact), new String[0], new Object[0], at.plusMillis(1), 99, null, null);
        Finding finding = new Finding(id + ".1", 2, Finding.ALERT, "high", "test", "Plain", "odd.drl", 7,
                "i-" + id, 1.0, 0.5, "finding of a firing rows test", fact);
        try (FiringWriter writer = new FiringWriter(dataSource, 8)) {
            writer.submit(new RunRecord(id, "aws-usage", 1, at, 1000, 1, List.of(finding), List.of(threw, plain)))
                    .get(60, TimeUnit.SECONDS);
        }
        FiringJson json = new FiringJson();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT rule, package_name, file, source_row, resource, facts, bindings,"
                     + " fired_at, duration_nanos, error, finding_id FROM firing WHERE run_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("Odd\tRule \\ name", rs.getString(1));
                assertEquals("io.log2.test", rs.getString(2));
                assertNull(rs.getString(3));
                assertNull(rs.getObject(4));
                assertEquals("i-" + id, rs.getString(5));
                assertEquals(json.facts(threw), rs.getString(6));
                assertTrue(rs.getString(6).contains("back\\\\slash"), rs.getString(6));
                assertEquals(json.bindings(threw), rs.getString(7));
                assertEquals(at, rs.getObject(8, OffsetDateTime.class).toInstant());
                assertEquals(1234, rs.getLong(9));
                assertEquals("java.lang.IllegalStateException: " + odd, rs.getString(10));
                assertNull(rs.getObject(11));

                assertTrue(rs.next());
                assertEquals("odd.drl", rs.getString(3));
                assertEquals(7, rs.getInt(4));
                assertNull(rs.getString(5));
                assertEquals("{}", rs.getString(7));
                assertEquals(at.plusMillis(1).truncatedTo(ChronoUnit.MICROS), rs.getObject(8, OffsetDateTime.class).toInstant());
                assertNull(rs.getString(10));
                assertEquals(count("SELECT MAX(finding_id) FROM run_finding WHERE run_id = ?", id), rs.getLong(11));
                assertTrue(rs.getLong(11) > 0);
            }
        }
    }

    @Test
    void aRunOfManyFiringsArrivesWholeWithItsTimesRoundedToTheMicrosecond() throws Exception {
        String id = UUID.randomUUID().toString();
        Sample fact = new Sample("i-" + id, "x".repeat(400));
        Instant second = Instant.parse("2026-11-20T10:00:00Z");
        List<CapturedFiring> firings = new java.util.ArrayList<>();
        for (int seq = 1; seq <= 400; seq++) {
            // the first 490 ns short of a second, so rounded up into the next; the others to the microsecond
            Instant at = seq == 1 ? second.minusNanos(490) : second.plusNanos(seq * 1000L);
            firings.add(new CapturedFiring(seq, new RuleInfo("Many", "io.log2.test", "many.drl", seq), List.of(fact),
                    new String[] {"$f"}, new Object[] {fact}, at, seq, null, "i-" + id));
        }
        try (FiringWriter writer = new FiringWriter(dataSource, 8)) {
            writer.submit(new RunRecord(id, "aws-usage", 1, Instant.now(), 1000, 1, List.of(), firings)).get(60, TimeUnit.SECONDS);
        }
        // more than one 64 KiB chunk of COPY data: 400 firings with over 400 characters of facts each
        assertEquals(400, count("SELECT COUNT(*) FROM firing WHERE run_id = ?", id));
        assertEquals(400L * 401 / 2, count("SELECT SUM(source_row) FROM firing WHERE run_id = ?", id));
        assertEquals(second, firedAt(id, 1));
        assertEquals(second.plusNanos(400_000), firedAt(id, 400));
    }

    private Instant firedAt(String runId, int seq) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT fired_at FROM firing WHERE run_id = ? AND seq = ?")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }

    @Test
    void aFiringTheDatabaseRefusesFailsItsRunAloneInItsGroup() throws Exception {
        List<RunRecord> group = List.of(run("Fine"), run("x".repeat(256)), run("Fine too"));
        try (FiringWriter writer = new FiringWriter(dataSource, 8)) {
            writer.write(group);
        }
        group.get(0).committed().get(60, TimeUnit.SECONDS);
        group.get(2).committed().get(60, TimeUnit.SECONDS);
        ExecutionException refused = assertThrows(ExecutionException.class, () -> group.get(1).committed().get(60, TimeUnit.SECONDS));
        assertInstanceOf(LogUnavailableException.class, refused.getCause());
        assertEquals(1, count("SELECT COUNT(*) FROM firing WHERE run_id = ?", group.get(0).runId()));
        assertEquals(0, count("SELECT COUNT(*) FROM firing WHERE run_id = ?", group.get(1).runId()));
        assertEquals(0, count("SELECT COUNT(*) FROM run WHERE id = ?", group.get(1).runId()));
        assertEquals(1, count("SELECT COUNT(*) FROM firing WHERE run_id = ?", group.get(2).runId()));
    }

    private static RunRecord run(String rule) {
        String id = UUID.randomUUID().toString();
        Sample fact = new Sample("i-" + id, "fine");
        CapturedFiring firing = new CapturedFiring(1, new RuleInfo(rule, "io.log2.test", "rows.drl", null), List.of(fact),
                new String[] {"$f"}, new Object[] {fact}, Instant.now(), 1000, null, "i-" + id);
        return new RunRecord(id, "aws-usage", 1, Instant.now(), 1000, 1, List.of(), List.of(firing));
    }

    private long count(String sql, String runId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
