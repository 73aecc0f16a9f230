package io.log2.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The writer's failure paths, on the real database: a run the database refuses, a run whose facts throw while
 * they are written, a full queue, a shutdown with runs queued, and a database that cannot be reached.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FiringWriterFaultsTest {

    /** Long enough that no test ever waits for it unless the writer is broken. */
    private static final Duration GUARD = Duration.ofSeconds(60);
    /** Far beyond the bounded waits of these tests (200 and 300 ms): a call that takes this long hangs. */
    private static final Duration HANG = Duration.ofSeconds(10);

    @Inject
    DataSource dataSource;

    record Sample(String resource, double value) {
    }

    /** A fact that cannot be turned into JSON: reading it throws an Error, as a broken class would. */
    record Poison(String resource) {
        @Override
        public String resource() {
            throw new NoClassDefFoundError("io/log2/Missing");
        }
    }

    @Test
    void aRunTheDatabaseRefusesFailsAloneAndTheOthersOfItsGroupAreStored() throws Exception {
        String taken = UUID.randomUUID().toString();
        try (FiringWriter writer = new FiringWriter(dataSource, 64)) {
            writer.submit(run(taken, "aws-usage", new Sample("i-first", 1))).get(GUARD.toSeconds(), TimeUnit.SECONDS);
        }
        TestDataSource gated = new TestDataSource(dataSource).gated();
        try (FiringWriter writer = new FiringWriter(gated, 64)) {
            RunRecord opener = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-opener", 1));
            writer.submit(opener);
            gated.awaitWaiter();
            // Queued while the writer waits for its connection: all of these are written in one group.
            List<RunRecord> good = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                good.add(run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-" + i, i)));
            }
            RunRecord duplicate = run(taken, "aws-usage", new Sample("i-duplicate", 7));
            RunRecord tooLong = run(UUID.randomUUID().toString(), "a".repeat(65), new Sample("i-long", 8));
            good.subList(0, 4).forEach(writer::submit);
            writer.submit(duplicate);
            good.subList(4, 8).forEach(writer::submit);
            writer.submit(tooLong);
            good.subList(8, 10).forEach(writer::submit);
            gated.open();

            opener.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
            for (RunRecord r : good) {
                r.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
                assertStored(r);
            }
            for (RunRecord bad : List.of(duplicate, tooLong)) {
                String text = failure(bad);
                assertTrue(text.startsWith("the database refused to store this run"), text);
                for (RunRecord other : good) {
                    assertFalse(text.contains(other.runId()), text);
                }
                assertFalse(text.contains(taken) || text.toUpperCase().contains("INSERT") || text.contains("i-duplicate"), text);
            }
            assertEquals(0, count("SELECT COUNT(*) FROM run WHERE id = ?", tooLong.runId()));
            assertEquals(1, count("SELECT COUNT(*) FROM firing WHERE run_id = ?", taken), "the stored run keeps its one firing");
            // The writer goes on.
            RunRecord after = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-after", 1));
            writer.submit(after).get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertStored(after);
        }
    }

    @Test
    void anErrorWhileWritingARunFailsThatRunOnlyAndTheWriterSurvivesIt() throws Exception {
        TestDataSource gated = new TestDataSource(dataSource).gated();
        try (FiringWriter writer = new FiringWriter(gated, 64)) {
            RunRecord opener = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-opener", 1));
            writer.submit(opener);
            gated.awaitWaiter();
            RunRecord before = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-before", 1));
            RunRecord poisoned = run(UUID.randomUUID().toString(), "aws-usage", new Poison("i-poison"));
            RunRecord behind = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-behind", 1));
            writer.submit(before);
            writer.submit(poisoned);
            writer.submit(behind);
            gated.open();

            for (RunRecord r : List.of(opener, before, behind)) {
                r.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
                assertStored(r);
            }
            assertTrue(failure(poisoned).startsWith("the database refused to store this run"));
            assertEquals(0, count("SELECT COUNT(*) FROM run WHERE id = ?", poisoned.runId()));
            assertTrue(writer.trouble(Duration.ofSeconds(1)).isEmpty());
            RunRecord after = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-after", 1));
            writer.submit(after).get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertStored(after);
        }
    }

    @Test
    void aFullQueueRefusesARunAfterItsWaitAndTheWriterIsNotReadyMeanwhile() throws Exception {
        TestDataSource gated = new TestDataSource(dataSource).gated();
        try (FiringWriter writer = new FiringWriter(gated, 1, Duration.ofMillis(200))) {
            RunRecord held = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-held", 1));
            writer.submit(held);
            gated.awaitWaiter();
            RunRecord queued = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-queued", 1));
            writer.submit(queued);
            assertTrue(writer.trouble(Duration.ofMinutes(1)).isEmpty(), "a full queue alone is no trouble yet");

            RunRecord refused = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-refused", 1));
            try {
                CompletableFuture<Void> answer = assertTimeoutPreemptively(HANG, () -> writer.submit(refused));
                assertTrue(answer.isCompletedExceptionally(), "refused when submit returns, not left waiting");
                assertTrue(failure(refused).startsWith("the log writer is behind (its queue is full)"));
                assertTrue(writer.trouble(Duration.ofMinutes(1)).orElseThrow().contains("full queue"));
            } finally {
                gated.open();
            }
            held.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
            queued.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, count("SELECT COUNT(*) FROM run WHERE id = ?", refused.runId()));
            Awaitility.await().atMost(GUARD).until(() -> writer.trouble(Duration.ofMillis(100)).isEmpty());
        }
    }

    @Test
    void shutdownWritesWhatItCanWithinItsBoundAndFailsTheRest() throws Exception {
        TestDataSource gated = new TestDataSource(dataSource).gated();
        FiringWriter writer = new FiringWriter(gated, 64);
        RunRecord inHand = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-in-hand", 1));
        writer.submit(inHand);
        gated.awaitWaiter();
        List<RunRecord> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-q" + i, i)));
            writer.submit(queued.get(i));
        }
        try {
            assertTimeoutPreemptively(HANG, () -> writer.close(Duration.ofMillis(300)));
        } finally {
            if (!queued.get(0).committed().isDone()) {
                gated.open(); // a writer that does not keep its bound: let it finish so that the next tests run
            }
        }
        for (RunRecord r : queued) {
            assertTrue(failure(r).startsWith("the service is shutting down"));
        }
        RunRecord late = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-late", 1));
        assertTrue(writer.submit(late).isCompletedExceptionally(), "a closed writer refuses at once");
        assertTrue(writer.trouble(Duration.ofSeconds(1)).isPresent());
        // The run the writer already held is written once its connection comes.
        gated.open();
        inHand.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertStored(inHand);
        for (RunRecord r : queued) {
            assertEquals(0, count("SELECT COUNT(*) FROM run WHERE id = ?", r.runId()));
        }
    }

    @Test
    void shutdownDrainsTheQueueWhenTheDatabaseKeepsUp() throws Exception {
        FiringWriter writer = new FiringWriter(dataSource, 64);
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-" + i, i)));
            writer.submit(runs.get(i));
        }
        writer.close(GUARD);
        for (RunRecord r : runs) {
            assertTrue(r.committed().isDone() && !r.committed().isCompletedExceptionally());
            assertStored(r);
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheRunsAtOnceAndTheWriterResumesWhenItIsBack() throws Exception {
        TestDataSource cut = new TestDataSource(dataSource);
        cut.cut(true);
        try (FiringWriter writer = new FiringWriter(cut, 64)) {
            List<RunRecord> lost = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lost.add(run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-" + i, i)));
                writer.submit(lost.get(i));
            }
            for (RunRecord r : lost) {
                String text = failure(r);
                assertTrue(text.startsWith("the database is unavailable"), text);
                assertFalse(text.contains("5432"), text);
            }
            cut.cut(false);
            RunRecord back = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-back", 1));
            writer.submit(back).get(GUARD.toSeconds(), TimeUnit.SECONDS);
            assertStored(back);
        }
    }

    @Test
    void aClosedDataSourceFailsRunsWithoutEndingTheWriter() throws Exception {
        var config = ConfigProvider.getConfig();
        AgroalDataSourceConfigurationSupplier pool = new AgroalDataSourceConfigurationSupplier();
        pool.connectionPoolConfiguration().maxSize(2).acquisitionTimeout(Duration.ofSeconds(2))
                .connectionFactoryConfiguration()
                .jdbcUrl(config.getValue("quarkus.datasource.jdbc.url", String.class))
                .principal(new NamePrincipal(config.getValue("quarkus.datasource.username", String.class)))
                .credential(new SimplePassword(config.getValue("quarkus.datasource.password", String.class)));
        AgroalDataSource own = AgroalDataSource.from(pool);
        try (FiringWriter writer = new FiringWriter(own, 64)) {
            RunRecord first = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-1", 1));
            writer.submit(first).get(GUARD.toSeconds(), TimeUnit.SECONDS);
            own.close();
            RunRecord second = run(UUID.randomUUID().toString(), "aws-usage", new Sample("i-2", 2));
            writer.submit(second);
            assertTrue(failure(second).startsWith("the database is unavailable"));
            assertTrue(writer.trouble(Duration.ofSeconds(1)).isEmpty(), "the writer itself still runs");
        }
    }

    private static RunRecord run(String id, String agent, Object fact) {
        CapturedFiring firing = new CapturedFiring(1, new RuleInfo("WriterFaults", "io.log2.test", "faults.drl", null),
                List.of(fact), new String[] {"$f"}, new Object[] {fact}, Instant.now(), 1000, null, "r-" + id);
        Finding finding = new Finding(id + ".1", 1, Finding.ALERT, "high", "test", "WriterFaults", "faults.drl", null,
                "r-" + id, 1.0, 0.5, "finding of a writer test", fact);
        return new RunRecord(id, agent, 1, Instant.now(), 1000, 1, List.of(finding), List.of(firing));
    }

    /** The text a run's caller is given when the run cannot be written. */
    private static String failure(RunRecord run) throws InterruptedException {
        try {
            run.committed().get(GUARD.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(LogUnavailableException.class, e.getCause()).getMessage();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("run " + run.runId() + " was neither written nor failed", e);
        }
        throw new AssertionError("run " + run.runId() + " was written");
    }

    private void assertStored(RunRecord r) throws Exception {
        assertEquals(1, count("SELECT COUNT(*) FROM run WHERE id = ?", r.runId()), "run row of " + r.runId());
        // Each test finding is on a resource of its own run, so every one is a finding the run opened.
        assertEquals(r.findings().size(), count("SELECT COUNT(*) FROM run_finding WHERE run_id = ? AND action = 'opened'",
                r.runId()));
        assertEquals(r.firings().size(), count("SELECT COUNT(*) FROM firing WHERE run_id = ?", r.runId()));
    }

    private int count(String sql, String runId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
