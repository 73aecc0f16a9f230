package io.log2.actions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.logic.ActionRequest;
import io.log2.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stop-instance through the whole path against a local EC2 endpoint: the policy's auto, approve and never, the
 * approval process with a restart and an expiry, verify and undo, a denied call, the limits and the kill switch,
 * and the action log's API. Each test uses an account of its own, so the hourly limits of one do not touch another.
 */
@QuarkusTest
class ActionsTest {

    static final Path POLICY = Path.of("target/test-actions/policy.csv");
    static final String HEADER = "action,severity,environment,owner,days,hours,decision\n";

    @Inject
    ActionService service;
    @Inject
    ActionProcess process;
    @Inject
    ActionClients clients;

    private ActionStub aws;
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void stub() throws IOException {
        aws = new ActionStub();
        clients.use(aws.clients());
        policy("stop-instance,,dev,,,,auto\nstop-instance,,production,,,,never\n");
        service.resume("test");
        service.enabled(true);
    }

    @AfterEach
    void close() {
        aws.close();
    }

    static void policy(String rows) throws IOException {
        Files.createDirectories(POLICY.getParent());
        Files.writeString(POLICY, HEADER + rows);
    }

    private String instance(String state) {
        String id = "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 17);
        aws.instance(id, state);
        return id;
    }

    private long stop(String instance, String environment) {
        return service.raise(new ActionRequest("stop-instance", "run.1", 1, "idle instance", "medium", instance, account,
                environment == null ? Map.of() : Map.of("environment", environment, "owner", "team-a@example.com")), "run-1", null);
    }

    @Test
    void anApprovedStopIsDryRunThenExecutedVerifiedAndLogged() {
        String id = instance("running");
        long action = stop(id, "staging");
        ActionEntry pending = service.get(action);
        assertEquals(ActionEntry.PENDING, pending.state());
        assertEquals(Policy.APPROVE, pending.decision());
        assertEquals("- " + id + " state: running\n+ " + id + " state: stopped", pending.diff());
        assertEquals(List.of("DescribeInstances"), aws.requests(id).stream().map(ActionStub.Request::operation).toList());
        assertEquals("running", aws.state(id), "the dry run changes nothing");

        Api.as("approver").post("/api/actions/" + action + "/approve").then().statusCode(200)
                .body("state", equalTo("verified")).body("approvedBy", equalTo("approver-user"))
                .body("awsCalls", hasSize(3)).body("awsCalls[1].step", equalTo("execute"))
                .body("awsCalls[1].operation", equalTo("StopInstances")).body("awsCalls[1].requestId", notNullValue())
                .body("executedAt", notNullValue());
        List<ActionStub.Request> calls = aws.requests(id);
        assertEquals(List.of("DescribeInstances", "StopInstances", "DescribeInstances"),
                calls.stream().map(ActionStub.Request::operation).toList());
        assertEquals(id, calls.get(1).param("InstanceId.1"));
        assertEquals(null, calls.get(1).param("InstanceId.2"), "exactly one instance is stopped");
        assertEquals("stopped", aws.state(id));
    }

    @Test
    void autoRunsAtOnceAndNeverRunsNothing() {
        String dev = instance("running");
        ActionEntry auto = service.get(stop(dev, "dev"));
        assertEquals(ActionEntry.VERIFIED, auto.state());
        assertEquals(ActionService.POLICY_USER, auto.approvedBy());
        assertEquals("stopped", aws.state(dev));

        String prod = instance("running");
        ActionEntry never = service.get(stop(prod, "production"));
        assertEquals(ActionEntry.REFUSED, never.state());
        assertEquals(List.of(), aws.requests(prod), "a refused action makes no AWS call");
        assertEquals("running", aws.state(prod));
    }

    @Test
    void aPendingApprovalSurvivesARestartAndCanStillBeApproved() {
        String id = instance("running");
        long action = stop(id, null);
        process.forgetAll();
        assertTrue(!process.running(action));
        service.recover();
        assertTrue(process.running(action), "the restart enters the process again at the approval task");
        ActionEntry done = service.approve(action, "approver-user");
        assertEquals(ActionEntry.VERIFIED, done.state());
        assertEquals("stopped", aws.state(id));
    }

    @Test
    void anInstanceThatDidNotRaiseTheActionCanApproveIt() {
        String id = instance("running");
        long action = stop(id, null);
        process.forgetAll(); // as on another instance sharing the database: no process of this action here
        Api.as("approver").post("/api/actions/" + action + "/approve").then().statusCode(200)
                .body("state", equalTo(ActionEntry.VERIFIED));
        assertEquals("stopped", aws.state(id));
        Api.as("approver").post("/api/actions/" + action + "/approve").then().statusCode(409);
    }

    @Test
    void anApprovalExpiresAndCannotBeApprovedAfterwards() {
        String id = instance("running");
        long action = stop(id, null);
        assertEquals(0, service.expire(Instant.now()) - service.expire(Instant.now()));
        service.expire(Instant.now().plus(Duration.ofHours(73)));
        ActionEntry expired = service.get(action);
        assertEquals(ActionEntry.EXPIRED, expired.state());
        assertTrue(!process.running(action));
        Api.as("approver").post("/api/actions/" + action + "/approve").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("expired"));
        assertEquals("running", aws.state(id));
    }

    @Test
    void aRejectedActionIsNotExecuted() {
        String id = instance("running");
        long action = stop(id, null);
        Api.as("approver").post("/api/actions/" + action + "/reject").then().statusCode(200).body("state", equalTo("rejected"));
        assertEquals(List.of("DescribeInstances"), aws.requests(id).stream().map(ActionStub.Request::operation).toList());
    }

    @Test
    void anAdminUndoesAStopByStartingTheInstance() {
        String id = instance("running");
        long action = stop(id, "dev");
        Api.viewer().post("/api/actions/" + action + "/undo").then().statusCode(403);
        Api.as("approver").post("/api/actions/" + action + "/undo").then().statusCode(403);
        assertEquals("stopped", aws.state(id));
        Api.admin().post("/api/actions/" + action + "/undo").then().statusCode(200).body("state", equalTo("undone"))
                .body("undo", containsString("undone by admin")).body("awsCalls[3].operation", equalTo("StartInstances"))
                .body("awsCalls[3].step", equalTo("undo"));
        ActionStub.Request start = aws.requests(id).get(aws.requests(id).size() - 1);
        assertEquals("StartInstances", start.operation());
        assertEquals(id, start.param("InstanceId.1"));
        assertEquals("running", aws.state(id));
        Api.admin().post("/api/actions/" + action + "/undo").then().statusCode(409).body("detail", containsString("undone"));
    }

    @Test
    void undoingTheStopOfAnInstanceFoundStoppedLeavesItStopped() {
        String id = instance("stopped");
        long action = stop(id, "dev");
        int before = aws.requests(id).size();
        Api.admin().post("/api/actions/" + action + "/undo").then().statusCode(200).body("state", equalTo("undone"));
        assertEquals("stopped", aws.state(id));
        assertTrue(aws.requests(id).subList(before, aws.requests(id).size()).stream()
                .noneMatch(r -> r.operation().equals("StartInstances")), "undo starts no instance that was off");
    }

    @Test
    void aDeniedCallFailsThatActionAloneWithTheAwsError() {
        String denied = instance("running");
        aws.deny("StopInstances", denied);
        ActionEntry failed = service.get(stop(denied, "dev"));
        assertEquals(ActionEntry.FAILED, failed.state());
        assertTrue(failed.outcome().startsWith("StopInstances: UnauthorizedOperation: You are not authorized"), failed.outcome());
        AwsCall call = failed.awsCalls().get(failed.awsCalls().size() - 1);
        assertEquals("UnauthorizedOperation", call.errorCode());
        assertTrue(call.requestId() != null && call.requestId().startsWith("req-"), String.valueOf(call.requestId()));
        assertEquals(null, failed.executedAt(), "a failed action does not count towards the limits");
        assertEquals("running", aws.state(denied));

        String other = instance("running");
        assertEquals(ActionEntry.VERIFIED, service.get(stop(other, "dev")).state());
    }

    @Test
    void theKillSwitchStopsEverythingUntilResumed() {
        String pendingId = instance("running");
        long pending = stop(pendingId, null);
        Api.as("approver").post("/api/actions/pause").then().statusCode(403);
        Api.admin().post("/api/actions/pause").then().statusCode(200).body("paused", equalTo(true));

        String autoId = instance("running");
        ActionEntry skipped = service.get(stop(autoId, "dev"));
        assertEquals(ActionEntry.SKIPPED, skipped.state());
        assertTrue(skipped.outcome().contains("paused"), skipped.outcome());
        assertEquals(List.of(), aws.requests(autoId));
        Api.as("approver").post("/api/actions/" + pending + "/approve").then().statusCode(409)
                .body("detail", containsString("paused"));
        assertEquals(ActionEntry.PENDING, service.get(pending).state());

        Api.admin().post("/api/actions/resume").then().statusCode(200).body("paused", equalTo(false));
        assertEquals(ActionEntry.VERIFIED, service.approve(pending, "approver-user").state());
        assertEquals("stopped", aws.state(pendingId));
    }

    @Test
    void aResourceIsNotActedOnTwiceWithinTheCoolDown() {
        String id = instance("running");
        assertEquals(ActionEntry.VERIFIED, service.get(stop(id, "dev")).state());
        aws.instance(id, "running");
        ActionEntry again = service.get(stop(id, "dev"));
        assertEquals(ActionEntry.SKIPPED, again.state());
        assertTrue(again.outcome().startsWith("cool-down: " + id), again.outcome());
        assertEquals("running", aws.state(id));
    }

    @Test
    void atMostTheHourlyLimitOfOneActionTypeRunsInAnAccount() {
        // log2.actions.max-per-hour-per-action=2 in the test profile
        assertEquals(ActionEntry.VERIFIED, service.get(stop(instance("running"), "dev")).state());
        assertEquals(ActionEntry.VERIFIED, service.get(stop(instance("running"), "dev")).state());
        String third = instance("running");
        ActionEntry over = service.get(stop(third, "dev"));
        assertEquals(ActionEntry.SKIPPED, over.state());
        assertTrue(over.outcome().startsWith("limit: 2 stop-instance actions ran in account " + account), over.outcome());
        assertEquals("running", aws.state(third));
    }

    @Test
    void theLogIsFilteredAndPagedLikeTheAudit() {
        long first = stop(instance("running"), null);
        long second = stop(instance("running"), "production");
        Api.viewer().queryParam("account", account).queryParam("limit", 1).get("/api/actions").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo((int) second)).body("next", notNullValue());
        String next = Api.viewer().queryParam("account", account).queryParam("limit", 1).get("/api/actions")
                .jsonPath().getString("next");
        Api.viewer().queryParam("account", account).queryParam("limit", 1).queryParam("cursor", next).get("/api/actions")
                .then().body("items[0].id", equalTo((int) first)).body("items[0].findingId", equalTo(null));
        Api.viewer().queryParam("account", account).queryParam("state", "refused").get("/api/actions").then()
                .body("items", hasSize(1)).body("items[0].decision", equalTo("never"));
        Api.viewer().queryParam("limit", 0).get("/api/actions").then().statusCode(400)
                .contentType("application/problem+json").body("where", equalTo("limit"));
        Api.viewer().queryParam("from", "yesterday").get("/api/actions").then().statusCode(400).body("where", equalTo("from"));
        Api.viewer().queryParam("cursor", "%%%").get("/api/actions").then().statusCode(400).body("where", equalTo("cursor"));
        Api.viewer().get("/api/actions/" + first).then().statusCode(200).body("rule", equalTo("idle instance"));
        Api.viewer().get("/api/actions/999999999").then().statusCode(404);
        Api.viewer().post("/api/actions/" + first + "/approve").then().statusCode(403);
        given401();
    }

    private static void given401() {
        io.restassured.RestAssured.given().get("/api/actions").then().statusCode(401);
    }
}
