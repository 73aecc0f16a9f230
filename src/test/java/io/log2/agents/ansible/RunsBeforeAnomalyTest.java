package io.log2.agents.ansible;

import static io.log2.support.Facts.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A playbook run imported through the API is named in the finding of an aws-usage metric anomaly that begins on the
 * same host within {@code log2.ansible.link-window} (2h) after the run started, and only there.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class RunsBeforeAnomalyTest {

    /** The go-ansible result's only host. */
    private static final String HOST = "127.0.0.1";

    private static String cpu(String resource, Instant at, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
    }

    private static JsonPath awsRun(String... facts) {
        return Api.editor().contentType("application/json").body(run(facts))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static long openedOn(JsonPath run, String resource, Instant at) {
        List<Map<String, Object>> findings = run.getList("findings");
        return findings.stream().filter(f -> resource.equals(f.get("resource")) && "opened".equals(f.get("action")))
                .map(f -> ((Number) f.get("id")).longValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no finding opened on " + resource + " at " + at + ": " + findings));
    }

    private static List<Map<String, Object>> related(long finding) {
        JsonPath view = Api.viewer().get("/api/findings/" + finding).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> related = view.getList("related");
        return related == null ? List.of() : related;
    }

    private static List<Map<String, Object>> runsOf(long finding, String runId) {
        return related(finding).stream().filter(e -> "ansible".equals(e.get("source")))
                .filter(e -> runId.equals(((Map<?, ?>) e.get("details")).get("runId"))).toList();
    }

    @Test
    void anAnomalyOnTheHostWithinTheWindowAfterARunNamesTheRun() {
        JsonPath imported = Api.editor().multiPart("file", "link.json", Samples.bytes(Samples.TEST_07), "application/json")
                .multiPart("playbook", "link-07").post("/api/agents/ansible/imports").then().statusCode(200)
                .extract().jsonPath();
        String runId = imported.getString("run.runId");
        Instant started = Instant.parse(imported.getString("summary.startedAt"));
        var results = Samples.read(Samples.TEST_07).outcomes().stream().filter(o -> HOST.equals(o.host())).toList();
        int changed = (int) results.stream().filter(o -> o.changed()).count();
        int failed = (int) results.stream().filter(o -> o.failed()).count();

        Instant inside = started.plus(Duration.ofMinutes(30));
        JsonPath first = awsRun(cpu(HOST, inside, 97.0), cpu("10.9.9.9", inside, 97.0));
        long onHost = openedOn(first, HOST, inside);
        long otherHost = openedOn(first, "10.9.9.9", inside);

        List<Map<String, Object>> links = runsOf(onHost, runId);
        assertEquals(1, links.size(), related(onHost).toString());
        Map<?, ?> details = (Map<?, ?>) links.get(0).get("details");
        assertEquals("link-07", details.get("playbook"));
        assertEquals(runId, details.get("runId"));
        assertEquals(started, Instant.parse((String) details.get("startedAt")));
        assertEquals(HOST, details.get("host"));
        assertEquals(changed, ((Number) details.get("changedTasks")).intValue());
        assertEquals(failed, ((Number) details.get("failedTasks")).intValue());
        assertEquals(30, ((Number) details.get("minutesBefore")).intValue());
        assertTrue(((String) links.get(0).get("summary")).contains("link-07"), links.toString());

        assertEquals(List.of(), runsOf(otherHost, runId), "another host's anomaly names no run of this host");

        // The anomaly clears, and the next one begins three hours after the run: outside the window.
        Instant outside = started.plus(Duration.ofHours(3));
        JsonPath later = awsRun(cpu(HOST, started.plus(Duration.ofMinutes(60)), 5.0), cpu(HOST, outside, 97.0));
        long afterWindow = openedOn(later, HOST, outside);
        assertNotEquals(onHost, afterWindow);
        assertEquals(List.of(), runsOf(afterWindow, runId));
        assertEquals(1, runsOf(onHost, runId).size(), "the earlier anomaly still names the run");
    }

    @Test
    void aListOfFindingsCarriesNoRelatedEvents() {
        JsonPath page = Api.viewer().queryParam("limit", 5).get("/api/findings").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = page.getList("items");
        items.forEach(f -> assertNull(f.get("related")));
    }
}
