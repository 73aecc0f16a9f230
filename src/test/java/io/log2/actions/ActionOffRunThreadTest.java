package io.log2.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.log2.agents.awsusage.collect.AwsClients;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * A run never waits for its actions: an EC2 endpoint that holds its DescribeInstances answer until the test opens a
 * latch shows the run answered while the action's dry-run call to AWS was still in progress, on another thread.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class ActionOffRunThreadTest {

    @Inject
    ActionService service;
    @Inject
    ActionClients clients;
    @Inject
    ActionLog log;

    private HttpServer ec2;
    private final CountDownLatch callArrived = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final String agent = "slow-" + UUID.randomUUID().toString().substring(0, 6);
    private final String account = "acct-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() throws Exception {
        ec2 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ec2.createContext("/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            callArrived.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String id = form.replaceAll(".*InstanceId\\.1=([^&]+).*", "$1");
            String body;
            try (InputStream in = ActionOffRunThreadTest.class.getResourceAsStream("/actions/aws/DescribeInstances.xml")) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{requestId}", "req-slow")
                        .replace("{instanceId}", id).replace("{state}", "running").replace("{stateCode}", "16");
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        ec2.start();
        clients.use(new AwsClients(Region.US_EAST_1, URI.create("http://127.0.0.1:" + ec2.getAddress().getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), 1));
        ActionsTest.policy("stop-instance,,,,,,approve\n");
        service.resume("test");
        service.enabled(true);
        Api.editor().contentType("application/json")
                .body(new ObjectMapper().writeValueAsString(Map.of("name", agent, "template", "custom", "files",
                        Map.of("rules.drl", ActionRuleTest.IDLE_DRL))))
                .post("/api/agents").then().statusCode(201);
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        service.awaitRaised();
        ec2.stop(0);
    }

    @Test
    void aRunAnswersWhileItsActionsAwsCallIsStillInProgress() throws Exception {
        String fact = "{\"type\":\"IdleInstance\",\"resource\":\"i-0slow000000000001\",\"account\":\"" + account
                + "\",\"environment\":\"dev\",\"owner\":\"team-a@example.com\",\"cpu\":0.3}";
        String runId = Api.editor().contentType("application/json").body("{\"facts\":[" + fact + "]}")
                .post("/api/agents/" + agent + "/runs").then().statusCode(200).extract().jsonPath().getString("runId");
        assertNotNull(runId);

        // the run has answered; the action's DescribeInstances now arrives and is held there
        assertTrue(callArrived.await(30, TimeUnit.SECONDS), "the action's dry run never called EC2");
        ActionEntry during = log.page(new ActionFilter(null, null, null, account, null, null, null, null), 10, null)
                .items().get(0);
        assertEquals(runId, during.runId());
        assertEquals("pending", during.state());
        assertEquals(null, during.diff(), "the dry run cannot have finished while its call is held");

        release.countDown();
        service.awaitRaised();
        ActionEntry after = service.get(during.id());
        assertEquals("pending", after.state());
        assertEquals(ActionProcess.APPROVAL, after.node());
        assertTrue(after.diff().contains("i-0slow000000000001 state: running"), after.diff());
    }
}
