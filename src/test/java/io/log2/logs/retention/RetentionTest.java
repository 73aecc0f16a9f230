package io.log2.logs.retention;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.log2.support.Sql;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Retention on the real service and database (H2 by default, PostgreSQL with the pg profile): runs, firings and
 * findings older than log2.retention.keep go, a finding whose label is in use stays with its run and firings, the
 * analysis figures go with their runs and days, PostgreSQL drops whole day partitions, and runs go on while expiry works.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RetentionTest {

    private static final String DRL = """
            package io.log2.rules.retention

            global io.log2.logic.Findings findings

            declare Order
                resource : String
                amount : double
            end

            rule "Large order"
                @severity("high") @category("cost")
                @message("order {resource}: {value} over {threshold}")
            when
                $o : Order( $value : amount > 1000 )
            then
                findings.alert(kcontext, $o, $value, 1000);
            end
            """;

    @Inject
    DataSource dataSource;
    @Inject
    FiringPartitions partitions;
    @Inject
    Expiry expiry;
    @Inject
    ExpiryGate gate;

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    private static void create(String agent) throws Exception {
        Api.editor().contentType("application/json").body(new ObjectMapper().writeValueAsString(
                        Map.of("name", agent, "template", "custom", "files", Map.of("rules.drl", DRL))))
                .post("/api/agents").then().statusCode(201);
    }

    private static JsonPath run(String agent, String resource) {
        return Api.editor().contentType("application/json")
                .body("{\"facts\":[{\"type\":\"Order\",\"resource\":\"" + resource + "\",\"amount\":2000}]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(200).extract().jsonPath();
    }

    private String string(String sql, Object... args) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getString(1);
            }
        }
    }

    /** Moves a run, its firings and its figures back to {@code at}; on PostgreSQL into that day's own partition. */
    private void age(String runId, Instant at) throws Exception {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        partitions.ensure(day, day);
        Sql.update(dataSource, "UPDATE run SET started_at = ? WHERE id = ?", at.atOffset(ZoneOffset.UTC), runId);
        Sql.update(dataSource, "UPDATE firing SET fired_at = ? WHERE run_id = ?", at.atOffset(ZoneOffset.UTC), runId);
        Sql.update(dataSource, "UPDATE run_rule SET first_at = ? WHERE run_id = ?", at.atOffset(ZoneOffset.UTC), runId);
    }

    /**
     * Noon of a day at least {@code daysBack} days ago that no earlier test left kept firings on (a database kept
     * between test runs), so that it can get a partition of its own.
     */
    private Instant oldFreeDay(int daysBack) throws Exception {
        Instant old = Instant.now().minus(daysBack, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
        while (Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE fired_at >= ? AND fired_at < ?",
                old.minus(12, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC), old.plus(12, ChronoUnit.HOURS).atOffset(ZoneOffset.UTC)) > 0) {
            old = old.minus(1, ChronoUnit.DAYS);
        }
        return old;
    }

    private String runOf(String agent, String resource) throws Exception {
        return string("SELECT run_id FROM firing WHERE agent = ? AND resource = ?", agent, resource);
    }

    private long findingOf(String agent, String resource) throws Exception {
        return Long.parseLong(string("SELECT CAST(id AS VARCHAR(20)) FROM finding WHERE agent = ? AND resource = ?", agent, resource));
    }

    private void label(long finding, String label) {
        Api.editor().contentType("application/json").body("{\"label\":\"" + label + "\"}")
                .post("/api/findings/" + finding + "/feedback").then().statusCode(200);
    }

    @Test
    void oldRunsFiringsAndFindingsGoWhileLabelledOnesStayWithTheirRunsAndFirings() throws Exception {
        String agent = unique("retained");
        create(agent);
        run(agent, "labelled");
        run(agent, "stale-label");
        run(agent, "unlabelled");
        run(agent, "recent");
        long labelled = findingOf(agent, "labelled");
        long staleLabel = findingOf(agent, "stale-label");
        long unlabelled = findingOf(agent, "unlabelled");
        label(labelled, "useful");
        label(staleLabel, "noise");
        // a label given longer ago than the label window: no learner reads it any more
        Sql.update(dataSource, "UPDATE finding_feedback SET given_at = ? WHERE finding_id = ?",
                Instant.now().minus(400, ChronoUnit.DAYS).atOffset(ZoneOffset.UTC), staleLabel);
        Instant old = oldFreeDay(120);
        String keptRun = runOf(agent, "labelled");
        String staleRun = runOf(agent, "stale-label");
        String plainRun = runOf(agent, "unlabelled");
        String recentRun = runOf(agent, "recent");
        for (String run : List.of(keptRun, staleRun, plainRun)) {
            // each run kept the fact it was posted, for backtests
            assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run_fact WHERE run_id = ?", run), run);
            age(run, old);
        }
        Sql.update(dataSource, "UPDATE consequence_time SET fired_on = ? WHERE agent = ?", LocalDate.ofInstant(old, ZoneOffset.UTC), agent);
        String oldPartition = "firing_p" + LocalDate.ofInstant(old, ZoneOffset.UTC).toString().replace("-", "");
        if (partitions.partitioned()) {
            assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'firing'::regclass AND c.relname = ?", oldPartition));
            assertEquals(3, Sql.count(dataSource, "SELECT COUNT(*) FROM " + oldPartition + " WHERE agent = ?", agent));
        }

        Api.viewer().post("/api/retention/expire").then().statusCode(403);
        JsonPath report = Api.admin().post("/api/retention/expire").then().statusCode(200).extract().jsonPath();

        // the unlabelled and the stale-labelled run are gone with their firings, findings, labels and figures
        for (String run : List.of(staleRun, plainRun)) {
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ?", run), run);
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE run_id = ?", run), run);
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run_finding WHERE run_id = ?", run), run);
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run_rule WHERE run_id = ?", run), run);
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run_fact WHERE run_id = ?", run), run);
        }
        for (long finding : List.of(staleLabel, unlabelled)) {
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM finding WHERE id = ?", finding));
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM finding_feedback WHERE finding_id = ?", finding));
        }
        // the finding with a label in use stays with its label, its run and the firing that explains it
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM finding WHERE id = ?", labelled));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM finding_feedback WHERE finding_id = ?", labelled));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ?", keptRun));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run_fact WHERE run_id = ?", keptRun));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE run_id = ? AND finding_id = ?", keptRun, labelled));
        // what is recent is untouched; the daily figures of the expired day are gone
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ?", recentRun));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run_fact WHERE run_id = ?", recentRun));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE run_id = ?", recentRun));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run_rule WHERE run_id = ?", recentRun));
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM consequence_time WHERE agent = ?", agent));
        assertTrue(report.getLong("runs") >= 2);

        if (partitions.partitioned()) {
            // the old day's partition was dropped, not emptied; its kept firing now lives in the default partition
            assertTrue(report.getList("partitionsDropped").contains(oldPartition), report.prettify());
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                    + "WHERE i.inhparent = 'firing'::regclass AND c.relname = ?", oldPartition));
            assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing_default WHERE run_id = ?", keptRun));
            assertTrue(report.getInt("keptFiringsMoved") >= 1);
            LocalDate ahead = LocalDate.now(ZoneOffset.UTC).plusDays(7);
            assertTrue(partitions.partitions().stream().anyMatch(p -> p.day().equals(ahead)));
            Api.viewer().get("/api/retention").then().statusCode(200).body("partitioned", equalTo(true));
        } else {
            assertTrue(report.getLong("firings") >= 2);
            Api.viewer().get("/api/retention").then().statusCode(200).body("partitioned", equalTo(false))
                    .body("keep", equalTo("PT2160H"));
        }

        // the audit API reads across partitions: the kept old firing and the recent one, newest first
        JsonPath firings = Api.viewer().queryParam("agent", agent).get("/api/firings").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("recent", "labelled"), firings.getList("items.resource"));
        Api.viewer().get("/api/firings/" + firings.getLong("items[1].id")).then().statusCode(200)
                .body("resource", equalTo("labelled"));
        Api.viewer().get("/api/runs/" + keptRun).then().statusCode(200);
        Api.viewer().get("/api/runs/" + plainRun).then().statusCode(404);
    }

    @Test
    void whatAgentsKeepAboutARunInTheirOwnTablesExpiresWithTheRun() throws Exception {
        byte[] plan = Files.readAllBytes(Path.of("src/test/resources/terraform-plans/terragoat.json"));
        byte[] playbook = Files.readAllBytes(Path.of("src/test/resources/ansible/ansiblePlaybookJSONResults_test_07.json"));
        String oldPlan = Api.editor().multiPart("file", "expiring.json", plan, "application/json")
                .post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath().getString("run.runId");
        String recentPlan = Api.editor().multiPart("file", "kept.json", plan, "application/json")
                .post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath().getString("run.runId");
        String oldPlaybook = Api.editor().multiPart("file", "expiring.json", playbook, "application/json")
                .multiPart("playbook", unique("expiring")).post("/api/agents/ansible/imports").then().statusCode(200)
                .extract().jsonPath().getString("run.runId");
        String recentPlaybook = Api.editor().multiPart("file", "kept.json", playbook, "application/json")
                .multiPart("playbook", unique("kept")).post("/api/agents/ansible/imports").then().statusCode(200)
                .extract().jsonPath().getString("run.runId");
        String[] planTables = {"terraform_plan_fact", "terraform_plan_resource"};
        for (String run : List.of(oldPlan, recentPlan)) {
            for (String table : planTables) {
                assertTrue(Sql.count(dataSource, "SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", run) > 0, table + " " + run);
            }
        }
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_run WHERE run_id = ?", oldPlaybook));
        assertTrue(Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_task t JOIN ansible_run r ON r.id = t.ansible_run_id WHERE r.run_id = ?",
                oldPlaybook) > 0);
        Instant old = oldFreeDay(125);
        age(oldPlan, old);
        age(oldPlaybook, old);

        Api.admin().post("/api/retention/expire").then().statusCode(200);

        for (String table : planTables) {
            assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", oldPlan), table);
            assertTrue(Sql.count(dataSource, "SELECT COUNT(*) FROM " + table + " WHERE run_id = ?", recentPlan) > 0, table + " of a recent run");
        }
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id = ?", oldPlaybook));
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_run WHERE run_id = ?", oldPlaybook));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_run WHERE run_id = ?", recentPlaybook), "a recent playbook run stays");
        assertTrue(Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_task t JOIN ansible_run r ON r.id = t.ansible_run_id WHERE r.run_id = ?",
                recentPlaybook) > 0, "with its tasks");
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM ansible_task t WHERE NOT EXISTS (SELECT 1 FROM ansible_run r"
                + " WHERE r.id = t.ansible_run_id)"), "no task outlives its playbook run");
    }

    @Test
    void aRunIsLoggedWhileAnExpiryBatchHoldsItsTransactionOpen() throws Exception {
        String agent = unique("busy");
        create(agent);
        run(agent, "old-1");
        run(agent, "old-2");
        Instant old = Instant.now().minus(100, ChronoUnit.DAYS);
        String old1 = runOf(agent, "old-1");
        String old2 = runOf(agent, "old-2");
        age(old1, old);
        age(old2, old);

        gate.arm("run");
        CompletableFuture<?> pass = CompletableFuture.supplyAsync(() -> expiry.expire().orElseThrow());
        try {
            assertTrue(gate.awaitReached(), "expiry reached its run batch");
            // expiry holds its batch open: a run goes through, logged and readable, and a second pass is refused
            assertEquals(1, run(agent, "during-expiry").getInt("firingCount"));
            assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE agent = ? AND resource = ?", agent, "during-expiry"));
            Api.admin().post("/api/retention/expire").then().statusCode(409)
                    .body("detail", equalTo("an expiry pass is already under way; try again when it ends"));
            assertFalse(pass.isDone());
        } finally {
            gate.release();
        }
        pass.get(60, TimeUnit.SECONDS);
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE id IN (?, ?)", old1, old2));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM run WHERE agent = ?", agent));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE agent = ?", agent));
    }

    @Inject
    io.log2.cluster.Lease lease;

    /** Instances sharing a database expire one at a time: the lease is held here as another instance would. */
    @Test
    void noPassStartsWhileAnotherHolderHasTheRetentionLease() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> lease.runIfFree(Expiry.LEASE, () -> {
            held.countDown();
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertTrue(held.await(30, TimeUnit.SECONDS));
            assertTrue(expiry.expire().isEmpty(), "a pass started while another holder had the lease");
            Api.admin().post("/api/retention/expire").then().statusCode(409);
        } finally {
            release.countDown();
        }
        assertTrue(other.get(30, TimeUnit.SECONDS));
        assertTrue(expiry.expire().isPresent(), "the lease is free again");
    }

    /**
     * A pass that stopped between detaching a day's partition and dropping it (the detach commits alone so that the
     * firing table is locked only for it) leaves a table no query sees; the next pass writes its kept firings back
     * and drops it.
     */
    @Test
    void aPartitionLeftDetachedIsFinishedByTheNextPass() throws Exception {
        Assumptions.assumeTrue(partitions.partitioned(), "only PostgreSQL partitions the firing table");
        String agent = unique("detached");
        create(agent);
        run(agent, "kept");
        run(agent, "gone");
        long kept = findingOf(agent, "kept");
        label(kept, "useful");
        Instant old = oldFreeDay(150);
        String keptRun = runOf(agent, "kept");
        String goneRun = runOf(agent, "gone");
        age(keptRun, old);
        age(goneRun, old);
        String day = "firing_p" + LocalDate.ofInstant(old, ZoneOffset.UTC).toString().replace("-", "");
        assertEquals(2, Sql.count(dataSource, "SELECT COUNT(*) FROM " + day + " WHERE agent = ?", agent));
        Sql.update(dataSource, "ALTER TABLE firing DETACH PARTITION " + day);
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE agent = ?", agent), "a detached day is out of every query");

        JsonPath report = Api.admin().post("/api/retention/expire").then().statusCode(200).extract().jsonPath();

        assertTrue(report.getList("partitionsDropped").contains(day), report.prettify());
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM pg_class WHERE relname = ?", day));
        assertEquals(1, Sql.count(dataSource, "SELECT COUNT(*) FROM firing_default WHERE run_id = ? AND finding_id = ?", keptRun, kept));
        assertEquals(0, Sql.count(dataSource, "SELECT COUNT(*) FROM firing WHERE run_id = ?", goneRun));
    }
}
