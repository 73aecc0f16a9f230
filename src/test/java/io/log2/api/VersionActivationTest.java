package io.log2.api;

import static io.log2.support.Facts.ec2Cpu;
import static io.log2.support.Facts.run;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.log2.logic.CompiledRuleSet;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleFolder;
import io.log2.logic.VersionStore;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rolling back (or forward) by hand: a stored version is activated again through the API. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class VersionActivationTest {

    private static final String TABLE = "thresholds.drl.xlsx";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    VersionStore versions;

    @AfterEach
    void restoreShippedRules() throws IOException {
        RulesFolderResource.copy(Path.of("rules/aws-usage"), folder());
        await().atMost(WAIT).until(() -> threshold(99.0) == 80.0 && agent().get("error") == null);
    }

    @Test
    void anOlderVersionIsActiveAgainRecordedWithWhoAndWhyAndItsFilesAreInTheFolder() throws IOException {
        int before = activeVersion();
        byte[] olderTable = versionFile(before, TABLE);
        int raised = Api.editor().body(RuleEditingTest.withEc2Threshold(olderTable, 85)).contentType("application/octet-stream")
                .put("/api/agents/aws-usage/files/" + TABLE).then().statusCode(200).extract().path("version");
        assertEquals(85.0, threshold(99.0));

        JsonPath activated = Api.as("approver").contentType("application/json").body("{\"reason\":\"85 misses real incidents\"}")
                .post("/api/agents/aws-usage/versions/" + before + "/activate")
                .then().statusCode(200)
                .body("source", equalTo("activation"))
                .body("reason", equalTo("activation of version " + before + ": 85 misses real incidents"))
                .body("createdBy", equalTo("approver-user"))
                .body("active", equalTo(true))
                .extract().jsonPath();
        int now = activated.getInt("version");
        assertEquals(true, now > raised);
        Api.viewer().get("/api/agents/aws-usage/versions/" + before).then()
                .body("contentHash", equalTo(activated.getString("contentHash")));

        JsonPath result = runCpu(83.0);
        assertEquals(now, result.getInt("version"));
        assertEquals(80.0, result.getDouble("findings[0].threshold"));
        // the folder holds the activated files, so the watcher does not bring the newer ones back
        assertArrayEquals(olderTable, Files.readAllBytes(folder().resolve(TABLE)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> activeVersion() == now);
    }

    @Test
    void anUnknownVersionIs404AndNothingChanges() {
        int active = activeVersion();
        Api.as("approver").contentType("application/json").body("{\"reason\":\"roll back\"}")
                .post("/api/agents/aws-usage/versions/99999/activate")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no version 99999"));
        assertEquals(active, activeVersion());
    }

    @Test
    void aReasonIsRequiredAndOnlyApproversMayActivate() {
        int active = activeVersion();
        Api.as("approver").contentType("application/json").body("{}")
                .post("/api/agents/aws-usage/versions/" + active + "/activate")
                .then().statusCode(400).body("where", equalTo("/reason"));
        Api.editor().contentType("application/json").body("{\"reason\":\"mine\"}")
                .post("/api/agents/aws-usage/versions/" + active + "/activate")
                .then().statusCode(403);
    }

    @Test
    void aVersionWhoseFilesNoLongerCompileIs422AndTheRunningVersionStays() throws IOException {
        int active = activeVersion();
        byte[] table = Files.readAllBytes(folder().resolve(TABLE));
        // a version stored before the sandbox refused reading the environment: it does not compile today
        List<RuleFile> files = new ArrayList<>(List.of(new RuleFile(TABLE, table), new RuleFile("old.drl", String.join("\n",
                "package io.log2.rules.awsusage",
                "import io.log2.agents.awsusage.MetricSample",
                "rule \"Old\"",
                "when",
                "    $m : MetricSample( value > 1 )",
                "then",
                "    System.getenv(\"HOME\");",
                "end").getBytes(StandardCharsets.UTF_8))));
        int old = versions.store(new CompiledRuleSet("aws-usage", RuleFolder.contentHash(files), files, null, Map.of(), true),
                "upload", "a version from before the sandbox", "editor-user").seq;

        Api.as("approver").contentType("application/json").body("{\"reason\":\"roll back\"}")
                .post("/api/agents/aws-usage/versions/" + old + "/activate")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].file", equalTo("old.drl"))
                .body("errors[0].reason", containsString("System"));
        assertEquals(active, activeVersion());
        assertFalse(Files.exists(folder().resolve("old.drl")));
        assertEquals(80.0, threshold(99.0));
    }

    private static Path folder() {
        return RulesFolderResource.rulesDir().resolve("aws-usage");
    }

    private static byte[] versionFile(int version, String name) {
        return Api.viewer().get("/api/agents/aws-usage/versions/" + version + "/files/" + name)
                .then().statusCode(200).extract().asByteArray();
    }

    private static JsonPath runCpu(double value) {
        return Api.editor().contentType("application/json").body(run(ec2Cpu("i-activate", value)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static double threshold(double value) {
        return runCpu(value).getDouble("findings[0].threshold");
    }

    private static JsonPath agent() {
        return Api.viewer().get("/api/agents/aws-usage").then().statusCode(200).extract().jsonPath();
    }

    private static int activeVersion() {
        return agent().getInt("activeVersion.version");
    }
}
