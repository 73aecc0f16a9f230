package io.log2.agents.awsusage.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.awsusage.ApiEvent;
import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.terraform.ResourceChange;
import io.log2.agents.terraform.kept.PlanResources;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.logs.RunFinding;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.pricing.PriceTable;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.Resource;

/**
 * Learning across agents, terraform → aws-usage: the resources the CloudTrail fixtures show created (the events the
 * CloudTrail collector keeps) are compared with the resources of the plans the terraform agent checked.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class CloudTrailAgainstPlansTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PLANS = Path.of("src/test/resources/terraform-plans");
    static final List<Path> TRAIL = List.of(Path.of("src/test/resources/aws/fixtures/cloudtrail.lookup-events.page1.fixture.json"),
            Path.of("src/test/resources/aws/fixtures/cloudtrail.lookup-events.page2.fixture.json"));

    @Inject
    RunService runs;
    @Inject
    PlanResources kept;
    @Inject
    DataSource dataSource;

    /** The events of the fixture pages as the collector reads and keeps them, oldest first. */
    static List<ApiEvent> keptEvents(List<Path> pages) throws Exception {
        List<ApiEvent> out = new ArrayList<>();
        for (Path page : pages) {
            for (JsonNode e : JSON.readTree(page.toFile()).path("Events")) {
            List<Resource> resources = new ArrayList<>();
            e.path("Resources").forEach(r -> resources.add(Resource.builder().resourceType(r.path("ResourceType").asText())
                    .resourceName(r.path("ResourceName").asText()).build()));
            Event event = Event.builder().eventId(e.path("EventId").asText()).eventName(e.path("EventName").asText())
                    .eventTime(OffsetDateTime.parse(e.path("EventTime").asText()).toInstant())
                    .cloudTrailEvent(e.path("CloudTrailEvent").asText()).resources(resources).build();
            ApiEvent read = CloudTrailCollector.toApiEvent(event);
            if (CloudTrailCollector.keep(read)) {
                out.add(read);
            }
            }
        }
        out.sort(java.util.Comparator.comparing(ApiEvent::time));
        return out;
    }

    private static List<Map<String, Object>> terraformContext(long finding) {
        JsonPath view = Api.viewer().get("/api/findings/" + finding).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> related = view.getList("related");
        return related == null ? List.of() : related.stream().filter(e -> "terraform".equals(e.get("source"))).toList();
    }

    private static List<ResourceChange> changes(String plan) throws Exception {
        return new PlanFacts(PriceTable.bundled(), "us-east-1").of(plan, JSON.readTree(PLANS.resolve(plan).toFile())).stream()
                .filter(ResourceChange.class::isInstance).map(ResourceChange.class::cast).toList();
    }

    @Test
    void aCreatedResourceIsExplainedByAPlanCheckedBeforeItOrFlaggedAsMadeOutsideCode() throws Exception {
        // The two fixture pages hold, among others, RunInstances of i-0a1b2c3d4e5f60003 by user/ops at 2026-11-25T09:30Z and
        // CreateGrant on a KMS key at 09:10Z invoked by autoscaling.amazonaws.com; both succeed, so both are kept.
        List<ApiEvent> events = keptEvents(TRAIL).stream().filter(e -> e.errorCode() == null).toList();
        assertEquals(List.of("CreateGrant", "RunInstances"), events.stream().map(ApiEvent::eventName).toList());
        // nested-config-keys.json creates aws_instance.foo, whose id is known only after apply; kept as checked at 09:00Z,
        // half an hour before the RunInstances call, inside the 24 h window.
        kept.keep(UUID.randomUUID().toString(), Instant.parse("2026-11-25T09:00:00Z"), changes("nested-config-keys.json"));
        // terragoat.json creates aws_instance.web_host too, but kept as checked on 2026-11-20, five days before: outside.
        kept.keep(UUID.randomUUID().toString(), Instant.parse("2026-11-20T09:00:00Z"), changes("terragoat.json"));

        RunResult run = runs.runFacts(AwsUsageAgent.NAME, events);
        List<RunFinding> created = run.findings().stream().filter(f -> f.rule().equals("New resource created")).toList();
        assertEquals(2, created.size(), run.findings().toString());

        RunFinding instance = created.stream().filter(f -> f.message().contains("called RunInstances")).findFirst().orElseThrow();
        List<Map<String, Object>> explained = terraformContext(instance.id());
        assertEquals(1, explained.size(), explained.toString());
        assertEquals("planned-resource", explained.get(0).get("kind"));
        assertEquals("plan nested-config-keys.json, checked 30 min before, will create aws_instance.foo (name known only after apply)",
                explained.get(0).get("summary"));
        Map<?, ?> details = (Map<?, ?>) explained.get(0).get("details");
        assertEquals("type (its name is known only after apply)", details.get("matchedBy"));

        // No plan creates an aws_kms_grant: the grant was made outside infrastructure as code.
        RunFinding grant = created.stream().filter(f -> f.message().contains("called CreateGrant")).findFirst().orElseThrow();
        List<Map<String, Object>> flagged = terraformContext(grant.id());
        assertEquals(1, flagged.size(), flagged.toString());
        assertEquals("outside-infrastructure-as-code", flagged.get(0).get("kind"));
        // The grant's resource is the key its record names (the ARN of the first of the record's resources).
        assertEquals("no plan checked in the 24 h before CreateGrant creates aws_kms_grant named"
                + " arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab: a change made outside infrastructure as code",
                flagged.get(0).get("summary"));
        assertEquals("autoscaling.amazonaws.com", ((Map<?, ?>) flagged.get(0).get("details")).get("principal"));
    }

    @Test
    void aCheckedPlanKeepsItsResourcesWithTheNamesKnownBeforeApply() throws Exception {
        JsonPath answer = Api.editor().multiPart("file", "kept-terragoat.json", Files.readAllBytes(PLANS.resolve("terragoat.json")),
                "application/json").post("/api/agents/terraform/imports").then().statusCode(200).extract().jsonPath();
        String runId = answer.getString("run.runId");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT address, resource_type,"
                + " action, resource_id FROM terraform_plan_resource WHERE run_id = ? ORDER BY address")) {
            ps.setString(1, runId);
            Map<String, String[]> rows = new java.util.TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            // Every managed resource change of terragoat.json is a create (no reads or no-ops among them).
            long managed = changes("terragoat.json").stream().filter(r -> "managed".equals(r.mode())).count();
            assertEquals(managed, rows.size());
            assertEquals("123456789123-acme-corp-data", rows.get("aws_s3_bucket.data")[2], "a bucket's name is its 'bucket'");
            assertEquals("rds-123456789123-acme-corp", rows.get("aws_db_instance.default")[2], "a database's is its 'identifier'");
            assertEquals("create", rows.get("aws_instance.web_host")[1]);
            assertNull(rows.get("aws_instance.web_host")[2], "an instance's id is known only after apply");
        }
    }
}
