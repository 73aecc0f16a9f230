package io.log2.agents.awsusage.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.ResourceState;
import io.log2.agents.awsusage.collect.inventory.SavingsRecordings;
import io.log2.agents.terraform.pipeline.PlanCheck;
import io.log2.agents.awsusage.savings.SavingsChecks;
import io.log2.agents.awsusage.savings.SavingsCollector;
import io.log2.agents.awsusage.savings.SavingsInventory;
import io.log2.agents.awsusage.savings.SavingsOpportunity;
import io.log2.agents.awsusage.savings.SavingsStore;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Learning across agents, aws-usage → terraform: the savings opportunities the aws-usage agent finds in Cloud
 * Custodian's recordings (the inventory {@code SavingsCollectorTest} reads) and the missing tags its RequiredTags rows
 * flag become proposed rows of the terraform agent's tables, which, once approved, flag plans adding more of them.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TerraformLessonsFromAwsUsageTest {

    /** The recordings' opportunities are kept under an account of their own, so no other test's scan replaces them. */
    static final String ACCOUNT = "lessons-123456789012";
    static final String LEARN = "/api/agents/terraform/learn-from/aws-usage";
    static final Path PLANS = Path.of("src/test/resources/terraform-plans");

    @Inject
    SavingsStore store;
    @Inject
    RunService runs;

    private static List<SavingsOpportunity> recordedOpportunities() throws Exception {
        try (SavingsRecordings recordings = new SavingsRecordings(); AwsStub stub = AwsStub.start().fallback(recordings.endpoint())) {
            AwsStubResource.answerIdentities(stub);
            stub.on("GetMetricStatistics", SavingsMetricAnswers::answer);
            try (AwsClients clients = stub.clients(1)) {
                SavingsCollector collector = new SavingsCollector();
                CollectWindow window = collector.window(null, Instant.now(), null).orElseThrow();
                SavingsInventory inventory = collector.collect(clients, window).savings().get(0);
                return new SavingsChecks().find(inventory);
            }
        }
    }

    private static int activeVersion(String agent) {
        return Api.viewer().get("/api/agents/" + agent).then().statusCode(200).extract().jsonPath().getInt("activeVersion.version");
    }

    private static void activate(String agent, int version) {
        Api.as("approver").contentType("application/json").body("{\"reason\":\"back to the version before the lessons test\"}")
                .post("/api/agents/" + agent + "/versions/" + version + "/activate").then().statusCode(200);
    }

    private static Map<String, Object> lesson(List<Map<String, Object>> lessons, String kind, String subject) {
        return lessons.stream().filter(l -> kind.equals(l.get("kind")) && subject.equals(l.get("subject"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " lesson on " + subject + " in " + lessons));
    }

    @Test
    void wastefulSizesAndAFlaggedTagBecomeRowsThatFlagPlansOnceApproved() throws Exception {
        store.replace(ACCOUNT, "us-east-1", recordedOpportunities(), Instant.now());
        int awsUsageBase = activeVersion(AwsUsageAgent.NAME);
        int terraformBase = activeVersion("terraform");
        try {
            // The aws-usage agent is told to require an environment tag on EC2 instances, through its own proposal.
            long tagRow = Api.editor().contentType("application/json").body("""
                    {"learner":"person","reason":"instances need an environment tag",
                     "changes":[{"kind":"ADD","file":"thresholds.drl.xlsx","table":"RequiredTags","rowId":"RequiredTags_env_%d",
                       "cells":{"Rule":"EC2 instances need an environment","Tag key":"environment","Resource type":"AWS::EC2::Instance",
                                "Kind":"alert","Severity":"low","Category":"security",
                                "Message":"Compliance: {resourceType} {resource} has no '{tag}' tag"},
                       "reason":"environment tag required"}]}
                    """.formatted(System.nanoTime() % 1_000_000)).post("/api/agents/aws-usage/proposals").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            Api.as("approver").contentType("application/json").body("{\"reason\":\"agreed\"}")
                    .post("/api/agents/aws-usage/proposals/" + tagRow + "/approve").then().statusCode(200);
            // The four recorded instances, with owner and cost centre but no environment: four open findings.
            Map<String, String> tags = Map.of("owner", "ops", "cost-center", "42");
            RunResult run = runs.runFacts(AwsUsageAgent.NAME, List.of(
                    new ResourceState("AWS::EC2::Instance", "i-00d3f85ef9622b0e2", "us-east-1", null, null, tags),
                    new ResourceState("AWS::EC2::Instance", "i-0cfbce719a3400834", "us-east-1", null, null, tags),
                    new ResourceState("AWS::EC2::Instance", "i-0f10da6b1d974db98", "us-east-1", null, null, tags),
                    new ResourceState("AWS::EC2::Instance", "i-0fdc8cff63616a335", "us-east-1", null, null, tags)));
            assertEquals(4, run.findings().stream().filter(f -> f.message().contains("'environment' tag")).count(), run.findings().toString());

            JsonPath answer = Api.editor().post(LEARN).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> lessons = answer.getList("lessons");
            // idle-instance i-0cfbce719a3400834: "Stop or terminate the idle m3.medium instance", $48.91 a month
            Map<String, Object> m3 = lesson(lessons, "size", "aws_instance m3.medium");
            assertEquals("add", m3.get("action"));
            assertTrue(((String) m3.get("reason")).contains("i-0cfbce719a3400834"), m3.toString());
            // over-provisioned i-0fdc8cff63616a335: "Resize t2.micro to t2.nano" (p95 CPU 20%), $4.23 a month
            Map<String, Object> micro = lesson(lessons, "size", "aws_instance t2.micro");
            assertEquals("add", micro.get("action"));
            assertTrue(((String) micro.get("reason")).contains("over-provisioned"), micro.toString());
            // idle-database bluelobster: "Stop the db.m3.medium mysql instance", $65.70 a month
            assertEquals("add", lesson(lessons, "size", "aws_db_instance db.m3.medium").get("action"));
            // previous-generation, unattached volumes, gp2 and addresses say nothing of a size being too much
            assertTrue(lessons.stream().noneMatch(l -> "aws_instance t2.nano".equals(l.get("subject"))), lessons.toString());
            // environment: four open findings of the new row; owner and cost-center are required by terraform already
            Map<String, Object> environment = lesson(lessons, "tag", "environment");
            assertEquals("add", environment.get("action"));
            assertTrue(((Number) environment.get("resources")).intValue() >= 4, environment.toString());

            Number id = answer.get("proposal");
            assertNotNull(id, answer.prettify());
            JsonPath proposal = Api.viewer().get("/api/agents/terraform/proposals/" + id.longValue()).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals("from-aws-usage", proposal.getString("learner"));
            assertEquals("awaiting-approval", proposal.getString("state"), proposal.prettify());
            assertTrue(proposal.getString("reason").startsWith("lessons from the aws-usage agent:"), proposal.getString("reason"));
            List<Map<String, Object>> changes = proposal.getList("changes");
            assertTrue(changes.stream().anyMatch(c -> "AccountSizes".equals(c.get("table"))
                    && "t2.micro".equals(((Map<?, ?>) c.get("cells")).get("Size"))), changes.toString());
            assertTrue(changes.stream().anyMatch(c -> "RequiredTags".equals(c.get("table"))
                    && "aws_.*,environment".equals(((Map<?, ?>) c.get("cells")).get("Resource types,tag key"))), changes.toString());

            int deployed = Api.as("approver").contentType("application/json").body("{\"reason\":\"the account says so\"}")
                    .post("/api/agents/terraform/proposals/" + id.longValue() + "/approve").then().statusCode(200)
                    .extract().jsonPath().getInt("deployedVersion");

            // The deployed version's rules, checked in-process as the pipeline command does: nested-config-keys.json
            // creates aws_instance.foo as a t2.micro, replaced-secret.json a secret tagged without environment.
            Path folder = Files.createTempDirectory("log2-lessons-");
            for (String file : Api.viewer().get("/api/agents/terraform/versions/" + deployed).then().statusCode(200)
                    .extract().jsonPath().getList("files", String.class)) {
                Files.write(folder.resolve(file), Api.viewer().get("/api/agents/terraform/versions/" + deployed + "/files/" + file)
                        .then().statusCode(200).extract().asByteArray());
            }
            PlanCheck check = PlanCheck.fromFolder(folder, "us-east-1", 10_000_000);
            List<String> sized = messages(check, "nested-config-keys.json");
            assertTrue(sized.stream().anyMatch(m -> m.startsWith("Account lesson: aws_instance aws_instance.foo asks for t2.micro,"
                    + " a size this account already runs idle or over-provisioned (aws-usage: 1 over-provisioned t2.micro")), sized.toString());
            List<String> tagged = messages(check, "replaced-secret.json");
            assertTrue(tagged.contains("Missing tag: aws_secretsmanager_secret aws_secretsmanager_secret.default has no environment tag"
                    + " (tags: {})"), tagged.toString());
            // The shipped rules flag neither.
            PlanCheck shipped = PlanCheck.fromFolder(Path.of("rules/terraform"), "us-east-1", 10_000_000);
            assertTrue(messages(shipped, "nested-config-keys.json").stream().noneMatch(m -> m.startsWith("Account lesson")));
            assertTrue(messages(shipped, "replaced-secret.json").stream().noneMatch(m -> m.contains("environment")));

            // The live service flags a plan creating a t2.micro with the deployed version.
            JsonPath plan = Api.editor().multiPart("file", "lessons-nested-config-keys.json",
                            Files.readAllBytes(PLANS.resolve("nested-config-keys.json")), "application/json")
                    .post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath();
            assertEquals(deployed, plan.getInt("run.version"));
            List<String> messages = plan.getList("run.findings.message");
            assertTrue(messages.stream().anyMatch(m -> m.startsWith("Account lesson: aws_instance aws_instance.foo asks for t2.micro")),
                    messages.toString());
        } finally {
            activate("terraform", terraformBase);
            activate(AwsUsageAgent.NAME, awsUsageBase);
            store.replace(ACCOUNT, "us-east-1", List.of(), Instant.now());
        }
    }

    private static List<String> messages(PlanCheck check, String plan) throws Exception {
        try (var in = Files.newInputStream(PLANS.resolve(plan))) {
            return check.check(plan, in).findings().stream().map(io.log2.logic.Finding::message).toList();
        }
    }

    @Test
    void onlyEditorsMayAskForLessons() {
        Api.viewer().post(LEARN).then().statusCode(403).body("status", org.hamcrest.Matchers.equalTo(403));
    }
}
