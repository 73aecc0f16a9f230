package io.log2.api;

import static io.log2.support.Facts.run;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feedback on findings through the API: given, shown on the finding and its firings, changed, filtered, refused. */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class FeedbackApiTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    private static String cpu(String resource, Instant at, double value) {
        return "{\"type\":\"MetricSample\",\"namespace\":\"AWS/EC2\",\"metric\":\"CPUUtilization\",\"resource\":\"" + resource
                + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
    }

    private static JsonPath runOf(String... facts) {
        return Api.editor().contentType("application/json").body(run(facts))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath label(io.restassured.specification.RequestSpecification as, long finding, String body) {
        return as.contentType("application/json").body(body).post("/api/findings/" + finding + "/feedback")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String unique(String prefix) {
        return prefix + "-" + System.nanoTime();
    }

    @Test
    void aLabelIsShownOnTheFindingAndEveryOneOfItsFiringsAndALaterOneReplacesItWithBothKept() {
        String resource = unique("i-fb");
        // Two samples above the threshold: one finding, raised by two firings of the run.
        JsonPath ran = runOf(cpu(resource, T, 91.0), cpu(resource, T.plusSeconds(300), 92.0));
        long id = ran.getLong("findings[0].id");
        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("label", nullValue()).body("feedback", nullValue());

        JsonPath given = label(Api.editor(), id, "{\"label\":\"useful\",\"note\":\"the batch job ran away\"}");
        assertEquals(id, given.getLong("id"));
        assertEquals("useful", given.getString("label"));
        assertEquals("editor-user", given.getString("feedback.by"));
        assertEquals("person", given.getString("feedback.source"));
        assertEquals("the batch job ran away", given.getString("feedback.note"));
        Instant at = Instant.parse(given.getString("feedback.at"));

        JsonPath finding = Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("label", equalTo("useful")).body("feedback.by", equalTo("editor-user"))
                .extract().jsonPath();
        assertEquals(at, Instant.parse(finding.getString("feedback.at")));
        // Both firings of the finding carry it, the first as well as the last, alone and in the list.
        for (String firing : List.of("firstFiring", "lastFiring")) {
            Api.viewer().get("/api/firings/" + finding.getLong(firing)).then().statusCode(200)
                    .body("finding", equalTo((int) id)).body("label", equalTo("useful"))
                    .body("feedback.by", equalTo("editor-user"));
        }
        Api.viewer().queryParam("resource", resource).get("/api/firings").then().statusCode(200)
                .body("items", hasSize(2)).body("items.finding", everyItem(equalTo((int) id)))
                .body("items.label", everyItem(equalTo("useful")));
        Api.viewer().get("/api/runs/" + ran.getString("runId")).then().statusCode(200)
                .body("firings.label", everyItem(equalTo("useful")));

        label(Api.admin(), id, "{\"label\":\"noise\"}");
        Api.viewer().get("/api/findings/" + id).then().statusCode(200)
                .body("label", equalTo("noise")).body("feedback.by", equalTo("admin")).body("feedback.note", nullValue());
        Api.viewer().get("/api/firings/" + finding.getLong("firstFiring")).then().statusCode(200).body("label", equalTo("noise"));
        Api.viewer().get("/api/findings/" + id + "/feedback").then().statusCode(200)
                .body("label", equalTo(List.of("noise", "useful"))).body("by", equalTo(List.of("admin", "editor-user")))
                .body("[1].note", equalTo("the batch job ran away"));
    }

    @Test
    void findingsAreFilteredByTheirLatestLabelOrByHavingNone() {
        String resource = unique("i-fbfilter");
        // Breach, clear, breach, clear, breach, clear: three findings on one series.
        JsonPath ran = runOf(cpu(resource, T, 95.0), cpu(resource, T.plusSeconds(300), 10.0),
                cpu(resource, T.plusSeconds(600), 95.0), cpu(resource, T.plusSeconds(900), 10.0),
                cpu(resource, T.plusSeconds(1200), 95.0), cpu(resource, T.plusSeconds(1500), 10.0));
        List<Long> ids = ran.getList("findings.id", Long.class).stream().distinct().toList();
        assertEquals(3, ids.size());
        label(Api.editor(), ids.get(0), "{\"label\":\"noise\"}");
        label(Api.editor(), ids.get(0), "{\"label\":\"useful\"}");
        label(Api.editor(), ids.get(1), "{\"label\":\"noise\"}");

        assertEquals(List.of(ids.get(0)), labelled(resource, "useful"));
        assertEquals(List.of(ids.get(1)), labelled(resource, "noise"), "only the latest label counts");
        assertEquals(List.of(ids.get(2)), labelled(resource, "none"));
        assertEquals(List.of(), labelled(resource, "expected"));
        label(Api.editor(), ids.get(2), "{\"label\":\"expected\"}");
        assertEquals(List.of(ids.get(2)), labelled(resource, "expected"));
        assertEquals(List.of(), labelled(resource, "none"));

        Api.viewer().queryParam("label", "important").get("/api/findings").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("label"));
    }

    private static List<Long> labelled(String resource, String label) {
        return Api.viewer().queryParam("resource", resource).queryParam("label", label).get("/api/findings")
                .then().statusCode(200).extract().jsonPath().getList("items.id", Long.class);
    }

    @Test
    void feedbackIsRefusedForOtherRolesUnknownFindingsAndBadBodiesAndNothingIsStored() {
        String resource = unique("i-fbrefused");
        long id = runOf(cpu(resource, T, 97.0)).getLong("findings[0].id");
        label(Api.editor(), id, "{\"label\":\"useful\"}");
        String url = "/api/findings/" + id + "/feedback";

        Api.viewer().contentType("application/json").body("{\"label\":\"noise\"}").post(url).then().statusCode(403)
                .contentType("application/problem+json");
        Api.as("approver").contentType("application/json").body("{\"label\":\"noise\"}").post(url).then().statusCode(403);
        RestAssured.given().contentType("application/json").body("{\"label\":\"noise\"}").post(url).then().statusCode(401);
        Api.editor().contentType("application/json").body("{\"label\":\"noise\"}").post("/api/findings/999999999/feedback")
                .then().statusCode(404).contentType("application/problem+json");
        Api.editor().contentType("application/json").body("{\"label\":\"noise\"}").post("/api/findings/abc/feedback")
                .then().statusCode(404);
        Api.viewer().get("/api/findings/999999999/feedback").then().statusCode(404);

        refused(url, "{\"label\":\"important\"}", "/label");
        refused(url, "{\"note\":\"no label\"}", "/label");
        refused(url, "{\"label\":\"noise\",\"note\":\"" + "x".repeat(2001) + "\"}", "/note");
        refused(url, "{\"label\":\"noise\",\"note\":\"a\\u0000b\"}", "/note");
        Api.editor().contentType("application/json").body("{\"label\":").post(url).then().statusCode(400)
                .contentType("application/problem+json");

        Api.viewer().get("/api/findings/" + id).then().statusCode(200).body("label", equalTo("useful"));
        Api.viewer().get(url).then().statusCode(200).body("label", equalTo(List.of("useful")));
        // A note of exactly the limit is taken.
        label(Api.editor(), id, "{\"label\":\"expected\",\"note\":\"" + "y".repeat(2000) + "\"}");
        Api.viewer().get("/api/findings/" + id).then().statusCode(200).body("label", equalTo("expected"))
                .body("feedback.note.length()", equalTo(2000)).body("feedback.at", notNullValue());
    }

    private static void refused(String url, String body, String where) {
        Api.editor().contentType("application/json").body(body).post(url).then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo(where));
    }
}
