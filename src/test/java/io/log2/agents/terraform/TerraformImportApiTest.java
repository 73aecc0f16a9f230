package io.log2.agents.terraform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Plans uploaded to {@code POST /api/agents/terraform/imports} and dropped into the watched folder. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TerraformImportApiTest {

    static final String URL = "/api/agents/terraform/imports";

    @Inject
    DataSource dataSource;
    @ConfigProperty(name = "log2.terraform.imports-dir")
    String folder;
    @ConfigProperty(name = "log2.imports.max-bytes")
    long maxBytes;

    static ValidatableResponse upload(String name, byte[] content) {
        return Api.editor().multiPart("file", name, content, "application/json").post(URL).then();
    }

    private long terraformRuns() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run WHERE agent = 'terraform'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anUploadedPlanIsOneLoggedRunWithItsFindings() {
        JsonPath answer = upload("terragoat.json", Plans.bytes("terragoat.json")).statusCode(200).extract().jsonPath();

        assertEquals("terragoat.json", answer.getString("plan"));
        assertEquals(55, answer.getInt("summary.creates"));
        assertEquals("us-west-2", answer.getString("summary.region"));
        assertEquals("terraform", answer.getString("run.agent"));
        // 95 findings worked out in TerraformRulesTest: 78 tags, 5 S3 encryption, 4 IAM, 2 sizes, 6 single ones; and
        // through the service, the usage-based cost of its 6 new buckets and 1 function from the aws-usage history
        // (priced, or not priced saying why: which depends on the history other tests stored)
        assertEquals(102, answer.getList("run.findings").size());
        List<String> usage = answer.getList("run.findings.findAll { it.rule == \"Usage-based cost from the account's history\""
                + " || it.rule == 'Cost not in the price table' }.resource");
        assertEquals(List.of("aws_lambda_function.analysis_lambda", "aws_s3_bucket.data", "aws_s3_bucket.data_science",
                "aws_s3_bucket.financials", "aws_s3_bucket.flowbucket", "aws_s3_bucket.logs", "aws_s3_bucket.operations"),
                usage.stream().sorted().toList());
        List<String> ssh = answer.getList("run.findings.findAll { it.rule == 'AdminPorts_10' }.resource");
        assertEquals(List.of("aws_security_group.web-node"), ssh);
        assertEquals("admin-ports.drl.csv", answer.getString("run.findings.find { it.rule == 'AdminPorts_10' }.file"));
        assertEquals(10, answer.getInt("run.findings.find { it.rule == 'AdminPorts_10' }.row"));

        // the run is in the audit like any other: its findings are there under the agent
        String runId = answer.getString("run.runId");
        Api.viewer().get("/api/runs/" + runId).then().statusCode(200).body("agent", equalTo("terraform"));
        Api.viewer().queryParam("agent", "terraform").queryParam("rule", "Unencrypted RDS storage").get("/api/findings")
                .then().statusCode(200).body("items.resource", hasItem("aws_db_instance.default"));
    }

    @Test
    void aUtf16PlanIsReadLikeAnyOther() {
        upload("win-utf16.json", Plans.bytes("win-utf16.json")).statusCode(200)
                .body("summary.formatVersion", equalTo("1.1"))
                .body("run.findings.resource", hasItem("aws_s3_bucket.data"));
    }

    @Test
    void brokenFilesAreRefusedWithTheReasonAndPlaceAndLeaveNoRun() throws Exception {
        long before = terraformRuns();
        upload("invalid.json", Plans.bytes("invalid.json")).statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("line 676, column 29")).body("detail", startsWith("not valid JSON"));
        upload("state.json", Plans.bytes("state-not-plan.json")).statusCode(422).contentType("application/problem+json")
                .body("where", equalTo("resource_changes")).body("detail", containsString("this is a state"));
        upload("tfplan", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}).statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("terraform show -json"));
        upload("empty.json", new byte[0]).statusCode(400).contentType("application/problem+json").body("where", equalTo("body"));
        byte[] huge = new byte[(int) maxBytes + 1];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        upload("huge.json", huge).statusCode(413).contentType("application/problem+json");
        assertEquals(before, terraformRuns(), "a refused plan leaves no run");
    }

    @Test
    void onlyEditorsAndAdminsUploadAndAFileIsNeeded() {
        Api.viewer().multiPart("file", "terragoat.json", Plans.bytes("mac-utf8.json"), "application/json").post(URL).then().statusCode(403);
        given().multiPart("file", "terragoat.json", Plans.bytes("mac-utf8.json"), "application/json").post(URL).then().statusCode(401);
        Api.editor().multiPart("other", "x").post(URL).then().statusCode(400).contentType("application/problem+json")
                .body("where", equalTo("file"));
        Api.admin().multiPart("file", "mac-utf8.json", Plans.bytes("mac-utf8.json"), "application/json").post(URL).then().statusCode(200);
    }

    @Test
    void aPlanDroppedIntoTheFolderIsCheckedAndABrokenOneExplained() throws Exception {
        Path dir = Path.of(folder);
        Files.createDirectories(dir);
        // what an earlier build left in target/ would satisfy the wait below before this test's files are taken
        for (String left : List.of("done/replaced-secret.json", "failed/broken.json", "failed/broken.json.error.txt")) {
            Files.deleteIfExists(dir.resolve(left));
        }
        long before = terraformRuns();
        Files.write(dir.resolve("replaced-secret.json"), Plans.bytes("replaced-secret.json"));
        Files.write(dir.resolve("broken.json"), Plans.bytes("invalid.json"));
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(dir.resolve("done").resolve("replaced-secret.json"))
                && Files.exists(dir.resolve("failed").resolve("broken.json.error.txt")));
        assertEquals(before + 1, terraformRuns());
        String why = Files.readString(dir.resolve("failed").resolve("broken.json.error.txt"), StandardCharsets.UTF_8);
        assertTrue(why.startsWith("not valid JSON"), why);
        Api.viewer().queryParam("agent", "terraform").queryParam("rule", "StatefulResources_23").get("/api/findings")
                .then().statusCode(200).body("items.resource", hasItem("aws_secretsmanager_secret.default"));
    }

    @Test
    void aPlanCheckedAgainUpdatesItsFindingsResolvesTheFixedOnesAndOtherNamesKeepTheirOwn() throws Exception {
        // mac-utf8.json: aws_s3_bucket.b, "tags": null: owner and cost-center tags missing, encryption unknown, and
        // the new bucket's usage-based cost from the aws-usage history
        JsonPath first = upload("project-a.json", Plans.bytes("mac-utf8.json")).statusCode(200).extract().jsonPath();
        assertEquals(List.of("opened", "opened", "opened", "opened"), first.getList("run.findings.action"));
        JsonPath again = upload("project-a.json", Plans.bytes("mac-utf8.json")).statusCode(200).extract().jsonPath();
        assertEquals(List.of("updated", "updated", "updated", "updated"), again.getList("run.findings.action"));
        // the same addresses in a plan of another name are another project's: new findings of their own
        JsonPath other = upload("project-b.json", Plans.bytes("mac-utf8.json")).statusCode(200).extract().jsonPath();
        assertEquals(List.of("opened", "opened", "opened", "opened"), other.getList("run.findings.action"));
        // project-a tags its bucket: its two tag findings are resolved, the encryption one stays open
        var plan = Plans.tree("mac-utf8.json");
        var tags = ((com.fasterxml.jackson.databind.node.ObjectNode) Plans.change(plan, "aws_s3_bucket.b").path("after")).putObject("tags");
        tags.put("Owner", "platform");
        tags.put("cost-center", "cc-17");
        JsonPath fixed = upload("project-a.json", Plans.JSON.writeValueAsBytes(plan)).statusCode(200).extract().jsonPath();
        assertEquals(List.of("resolved", "resolved"), fixed.getList("run.findings.findAll { it.rule.startsWith('RequiredTags') }.action"));
        assertEquals(List.of("updated"), fixed.getList("run.findings.findAll { it.rule == 'S3 bucket encryption known only after apply' }.action"));
    }
}
