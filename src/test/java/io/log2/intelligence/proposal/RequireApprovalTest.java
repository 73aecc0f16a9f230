package io.log2.intelligence.proposal;

import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.RuleSetService;
import io.log2.support.Api;
import io.log2.support.OwnDatabaseResource;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code log2.rules.require-approval} on, an upload and an edit of the rules folder become proposals of whole
 * files that wait for an approver: nothing a person uploads or saves runs before it is approved, a rejected one never
 * runs, a broken one is refused with the compiler's errors, and the folder keeps the running version's files.
 */
@QuarkusTest
@TestProfile(RequireApprovalTest.RequireApproval.class)
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RequireApprovalTest {

    /** Approval required, and a database of its own so that the versions and proposals are this test's. */
    public static class RequireApproval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("log2.rules.require-approval", "true");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnDatabaseResource.class));
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    RuleSetService ruleSets;
    @Inject
    ProposalService proposals;
    private static final String AGENT = "/api/agents/aws-usage";
    private static final String PROPOSALS = AGENT + "/proposals";

    @Test
    void anUploadWaitsForAnApproverAndRunsOnlyOnceApproved() {
        int base = activeVersion();
        byte[] drl = probeRule("UploadA");
        JsonPath proposed = upload("probe-a.drl", drl).then().statusCode(202)
                .header("Location", containsString(PROPOSALS + "/"))
                .body("state", equalTo("awaiting-approval")).body("kind", equalTo("files")).body("source", equalTo("upload"))
                .body("createdBy", equalTo("editor-user")).body("node", equalTo("Approval"))
                .body("processAt", hasItem("Approve or reject")).body("files[0].name", equalTo("probe-a.drl"))
                .extract().jsonPath();
        long id = proposed.getLong("id");
        assertEquals(PROPOSALS + "/" + id, proposed.getString("link"));

        // nothing runs, nothing is written, until an approver says so
        assertEquals(base, activeVersion());
        assertEquals(0, runProbe("UploadA").getList("findings").size());
        assertFalse(Files.exists(folder().resolve("probe-a.drl")));
        byte[] kept = Api.viewer().get(proposed.getString("files[0].link")).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(drl, kept);

        int deployed = Api.as("approver").contentType("application/json").body("{\"reason\":\"looks right\"}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(200).body("state", equalTo("watching"))
                .body("decidedBy", equalTo("approver-user")).extract().jsonPath().getInt("deployedVersion");
        JsonPath active = Api.viewer().get(AGENT).then().statusCode(200).extract().jsonPath();
        assertEquals(deployed, active.getInt("activeVersion.version"));
        assertEquals("upload", active.getString("activeVersion.source"));
        assertEquals("editor-user", active.getString("activeVersion.createdBy"));
        assertTrue(active.getString("activeVersion.reason").contains("proposal " + id + ", approved by approver-user: looks right"),
                active.getString("activeVersion.reason"));
        assertTrue(Files.exists(folder().resolve("probe-a.drl")));
        JsonPath ran = runProbe("UploadA");
        assertEquals(deployed, ran.getInt("version"));
        assertEquals("Approval probe UploadA", ran.getString("findings[0].rule"));

        // the approver accepted the alerts a new rule raises: its watch does not roll it back for their number
        // (no stored history has the metric, so the backtest foresaw none), and it is kept after the watched runs
        runProbe("UploadA");
        runProbe("UploadA");
        await().atMost(WAIT).until(() -> !"watching".equals(proposal(id).getString("state")));
        assertEquals("deployed", proposal(id).getString("state"));
        assertEquals(deployed, activeVersion());
    }

    @Test
    void aRejectedUploadNeverRuns() {
        int base = activeVersion();
        int versions = versionCount();
        long id = upload("probe-b.drl", probeRule("UploadB")).then().statusCode(202).extract().jsonPath().getLong("id");
        Api.as("approver").contentType("application/json").body("{\"reason\":\"not this one\"}")
                .post(PROPOSALS + "/" + id + "/reject").then().statusCode(200).body("state", equalTo("rejected"));
        Api.as("approver").contentType("application/json").body("{\"reason\":\"changed my mind\"}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(409);

        assertEquals(base, activeVersion());
        assertEquals(versions, versionCount());
        assertFalse(Files.exists(folder().resolve("probe-b.drl")));
        assertEquals(0, runProbe("UploadB").getList("findings").size());
    }

    @Test
    void aBrokenUploadIsRefusedWithTheCompilersErrorsAndNothingWaits() {
        int base = activeVersion();
        long refused = upload("probe-c.drl", "rule \"x\" when then nonsense(".getBytes(StandardCharsets.UTF_8)).then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("probe-c.drl")).body("errors[0].reason", org.hamcrest.Matchers.notNullValue())
                .extract().jsonPath().getLong("proposal");
        Api.viewer().get(PROPOSALS + "/" + refused).then().statusCode(200).body("state", equalTo("refused"))
                .body("problems[0].file", equalTo("probe-c.drl"));
        Api.viewer().queryParam("state", "awaiting-approval").get(PROPOSALS).then().statusCode(200)
                .body("reason", not(hasItem(containsString("probe-c.drl"))));
        upload("../probe.drl", probeRule("Bad")).then().statusCode(404);
        upload("probe.txt", probeRule("Bad")).then().statusCode(400);

        assertEquals(base, activeVersion());
        assertFalse(Files.exists(folder().resolve("probe-c.drl")));
    }

    @Test
    void aFolderEditWaitsForApprovalAndTheFolderKeepsTheRunningFiles() throws IOException {
        int base = activeVersion();
        byte[] drl = probeRule("FolderD");
        Files.write(folder().resolve("probe-d.drl"), drl);

        await().atMost(WAIT).until(() -> folderProposal("probe-d.drl") != null);
        long id = folderProposal("probe-d.drl");
        JsonPath waiting = proposal(id);
        assertEquals("files", waiting.getString("kind"));
        assertEquals("folder", waiting.getString("source"));
        assertEquals("edit of the rules folder: probe-d.drl", waiting.getString("reason"));
        // the edit is kept under the proposal; the folder holds the running version's files again
        assertArrayEquals(drl, Api.viewer().get(waiting.getString("files[0].link")).then().statusCode(200).extract().asByteArray());
        assertFalse(Files.exists(folder().resolve("probe-d.drl")));
        assertEquals(base, activeVersion());
        assertEquals(0, runProbe("FolderD").getList("findings").size());

        int deployed = Api.as("approver").contentType("application/json").body("{}")
                .post(PROPOSALS + "/" + id + "/approve").then().statusCode(200).body("state", equalTo("watching"))
                .extract().jsonPath().getInt("deployedVersion");
        JsonPath active = Api.viewer().get(AGENT).then().extract().jsonPath();
        assertEquals(deployed, active.getInt("activeVersion.version"));
        assertEquals("file-edit", active.getString("activeVersion.source"));
        assertTrue(active.getString("activeVersion.reason").contains("approved by approver-user"), active.getString("activeVersion.reason"));
        assertArrayEquals(drl, Files.readAllBytes(folder().resolve("probe-d.drl")));

        // what the edit added goes again the same way: removing the file waits for an approver too
        Files.delete(folder().resolve("probe-d.drl"));
        await().atMost(WAIT).until(() -> Api.viewer().queryParam("state", "awaiting-approval").get(PROPOSALS).jsonPath()
                .getList("reason").contains("edit of the rules folder: probe-d.drl (removed)"));
        assertTrue(Files.exists(folder().resolve("probe-d.drl")));
        assertEquals(deployed, activeVersion());
    }

    @Test
    void aFolderEditMadeWhileTheServiceWasStoppedIsNotTakenAtStart() throws IOException {
        int base = activeVersion();
        byte[] drl = probeRule("RestartE");
        Files.write(folder().resolve("probe-e.drl"), drl);

        // a restart: the rules are loaded as at start, then the unfinished proposals' processes are entered again
        ruleSets.loadAll();
        assertEquals(base, activeVersion());
        assertFalse(Files.exists(folder().resolve("probe-e.drl")));
        proposals.resumeUnfinished();

        await().atMost(WAIT).until(() -> folderProposal("probe-e.drl") != null);
        long id = folderProposal("probe-e.drl");
        assertArrayEquals(drl, Api.viewer().get(proposal(id).getString("files[0].link")).then().statusCode(200).extract().asByteArray());
        assertEquals(base, activeVersion());
        assertEquals(0, runProbe("RestartE").getList("findings").size());
        Api.as("approver").contentType("application/json").body("{\"reason\":\"not after a restart\"}")
                .post(PROPOSALS + "/" + id + "/reject").then().statusCode(200);
    }

    private static Long folderProposal(String file) {
        List<Map<String, Object>> waiting = Api.viewer().queryParam("state", "awaiting-approval").get(PROPOSALS)
                .then().statusCode(200).extract().jsonPath().getList("$");
        return waiting.stream().filter(p -> "folder".equals(p.get("source")) && String.valueOf(p.get("reason")).endsWith(file))
                .map(p -> ((Number) p.get("id")).longValue()).findFirst().orElse(null);
    }

    /** A rule on a metric of its own, so only this test's runs raise it. */
    private static byte[] probeRule(String metric) {
        return String.join("\n",
                "package io.log2.rules.awsusage",
                "import io.log2.agents.awsusage.MetricSample",
                "global io.log2.logic.Findings findings",
                "rule \"Approval probe " + metric + "\"",
                "    @severity(\"low\") @category(\"performance\") @message(\"probe {value} on {resource}\")",
                "when",
                "    $m : MetricSample( namespace == \"Custom/Approval\", metric == \"" + metric + "\", value > 10 )",
                "then",
                "    findings.alert(kcontext, $m);",
                "end", "").getBytes(StandardCharsets.UTF_8);
    }

    private static io.restassured.response.Response upload(String name, byte[] body) {
        return Api.editor().contentType("application/octet-stream").body(body).put(AGENT + "/files/" + name);
    }

    private static JsonPath runProbe(String metric) {
        return Api.editor().contentType("application/json").body(run("{\"type\":\"MetricSample\",\"namespace\":\"Custom/Approval\","
                        + "\"metric\":\"" + metric + "\",\"resource\":\"probe-1\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"value\":50}"))
                .post(AGENT + "/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath proposal(long id) {
        return Api.viewer().get(PROPOSALS + "/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static Path folder() {
        return RulesFolderResource.rulesDir().resolve("aws-usage");
    }

    private static int activeVersion() {
        return Api.viewer().get(AGENT).then().extract().jsonPath().getInt("activeVersion.version");
    }

    private static int versionCount() {
        return Api.viewer().get(AGENT + "/versions").jsonPath().getList("$").size();
    }
}
