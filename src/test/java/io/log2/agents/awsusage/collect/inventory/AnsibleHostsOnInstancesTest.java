package io.log2.agents.awsusage.collect.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.collect.CollectWindow;
import io.log2.agents.awsusage.collect.CollectedData;
import io.log2.agents.awsusage.collect.InventoryCollector;
import io.log2.agents.awsusage.instances.Ec2Instance;
import io.log2.agents.awsusage.instances.InstanceDirectory;
import io.log2.support.Api;
import io.log2.support.Facts;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ansible hosts matched to the EC2 instances of the recorded DescribeInstances responses (the inventory collector's
 * own, read through the real collector from a stub): an Ansible finding names its host's instance and that
 * instance's aws-usage findings, an unreachable host whose instance was seen terminated before the run is explained,
 * a reused address stands for the instance seen last, and an aws-usage finding on an instance lists the playbook
 * failures on it. The playbook results are the go-ansible ones (MIT), their host renamed to what an inventory of
 * these instances could call them.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class AnsibleHostsOnInstancesTest {

    private static final String TEST_05 = "ansible/JSONStdoutCallbackResults_test_05.json";
    private static final String TEST_07 = "ansible/ansiblePlaybookJSONResults_test_07.json";
    private static final String TEST_09 = "ansible/ansiblePlaybookJSONLEventResults_test_09.json";
    private static final Instant SEEN = Instant.parse("2026-11-25T10:00:00Z");

    @Inject
    InstanceDirectory directory;

    /** The recorded instances as the inventory collector reads and the monitoring cycle keeps them. */
    @BeforeEach
    void collectTheRecordedInstances() {
        try (StubAws stub = new StubAws()) {
            InventoryCollectorTest.serveRecordedEc2AndRds(stub);
            InventoryCollectorTest.serveBuckets(stub);
            var clients = stub.clients(3);
            CollectedData data = new InventoryCollector().collect(clients,
                    new CollectWindow(SEEN.minusSeconds(3600), SEEN));
            clients.close();
            directory.remember(data.instances(), SEEN);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sample(String resource) {
        try (InputStream in = AnsibleHostsOnInstancesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath imported(String text, String playbook) {
        return Api.editor().multiPart("file", playbook + ".json", text.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("playbook", playbook).multiPart("mode", "run").post("/api/agents/ansible/imports")
                .then().statusCode(200).extract().jsonPath();
    }

    private static long finding(JsonPath run, String rule) {
        List<Map<String, Object>> findings = run.getList("run.findings");
        return findings.stream().filter(f -> rule.equals(f.get("rule"))).map(f -> ((Number) f.get("id")).longValue())
                .findFirst().orElseThrow(() -> new AssertionError("no finding of " + rule + ": " + findings));
    }

    private static List<Map<String, Object>> related(long finding, String kind) {
        List<Map<String, Object>> related = Api.viewer().get("/api/findings/" + finding).then().statusCode(200).extract()
                .jsonPath().getList("related");
        return related == null ? List.of() : related.stream().filter(e -> kind.equals(e.get("kind"))).toList();
    }

    private static String playbook(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    @Test
    void theCollectorKeepsEveryInstanceWithItsAddressesTerminatedOnesToo() {
        // the three recordings, by hand: 5 running instances and 2 terminated ones (no addresses once terminated)
        assertEquals(new Ec2Instance("i-02117c13e1d21b229", "us-east-1", "running", null, "172.31.6.41", null,
                        "ip-172-31-6-41.us-west-2.compute.internal", null, "jantman-throwaway-1"),
                directory.host("172.31.6.41").orElseThrow().instance());
        assertEquals("private IP", directory.host("172.31.6.41").orElseThrow().matchedBy());
        assertEquals("i-1234567890abcdef0", directory.host("34.253.223.13").orElseThrow().instance().instanceId());
        assertEquals("public IP", directory.host("34.253.223.13").orElseThrow().matchedBy());
        assertEquals("i-1aebf7c0", directory.host("IP-172-31-8-154.us-west-2.compute.internal").orElseThrow().instance().instanceId());
        assertEquals("private DNS name", directory.host("ip-172-31-8-154.us-west-2.compute.internal").orElseThrow().matchedBy());
        var spinnaker = directory.host("Spinnaker").orElseThrow();
        assertEquals("Name tag", spinnaker.matchedBy());
        assertEquals(new Ec2Instance("i-13413bd7", "us-east-1", "terminated",
                "User initiated (2015-11-25 10:11:55 GMT); Client.UserInitiatedShutdown: User initiated shutdown",
                null, null, null, null, "Spinnaker"), spinnaker.instance());
        // the hosts of the go-ansible results as they are: a loopback address, a LAN address and bare names
        for (String host : List.of("127.0.0.1", "192.168.1.1", "host1", "host2")) {
            assertTrue(directory.host(host).isEmpty(), host);
        }
    }

    @Test
    void aReusedAddressStandsForTheInstanceSeenLastAndAnInstanceNoLongerListedIsForgotten() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant second = first.plusSeconds(1);
        // eu-west-3: a running instance at 10.77.0.9; the next collection lists a new, stopped instance at that IP only
        directory.remember(List.of(instance("i-0aaa000000000old", "eu-west-3", "running", "10.77.0.9", "reused")), first);
        assertEquals("i-0aaa000000000old", directory.host("10.77.0.9").orElseThrow().instance().instanceId());
        directory.remember(List.of(instance("i-0bbb000000000new", "eu-west-3", "stopped", "10.77.0.9", "reused")), second);
        var reused = directory.host("10.77.0.9").orElseThrow();
        assertEquals("i-0bbb000000000new", reused.instance().instanceId());
        assertEquals("stopped", reused.instance().state());
        assertEquals(second, reused.seenAt());
        assertEquals(1, reused.candidates());
        assertTrue(directory.instance("i-0aaa000000000old").isEmpty());

        // a running instance at 10.78.0.9 seen in eu-north-1, then a stopped one at that IP in eu-central-2 (another
        // VPC): both are kept, each region's collection speaking for its own region, and the one seen last is taken
        directory.remember(List.of(instance("i-0ccc0000000north", "eu-north-1", "running", "10.78.0.9", "twin")), first);
        directory.remember(List.of(instance("i-0ddd000000central", "eu-central-2", "stopped", "10.78.0.9", "twin")), second);
        var twin = directory.host("10.78.0.9").orElseThrow();
        assertEquals("i-0ddd000000central", twin.instance().instanceId());
        assertEquals(2, twin.candidates());
        assertEquals("running", directory.instance("i-0ccc0000000north").orElseThrow().instance().state());
    }

    private static Ec2Instance instance(String id, String region, String state, String privateIp, String name) {
        return new Ec2Instance(id, region, state, null, privateIp, null, null, null, name);
    }

    @Test
    void anUnreachableHostWhoseInstanceWasSeenTerminatedBeforeTheRunIsExplained() {
        // test_05: 127.0.0.1 unreachable; the host renamed to the Name tag of the terminated i-13413bd7 and the run
        // moved to 2026-11-25T10:51:30.607525Z, after the collection that saw it terminated (SEEN, 10:00)
        JsonPath run = imported(sample(TEST_05).replace("\"127.0.0.1\"", "\"Spinnaker\"")
                .replace("2020-08-07T20:51:30", "2026-11-25T10:51:30"), playbook("gone"));
        List<Map<String, Object>> instance = related(finding(run, "Host unreachable"), "ec2-instance");
        assertEquals(1, instance.size(), instance.toString());
        assertEquals("aws-usage", instance.get(0).get("source"));
        assertEquals("host Spinnaker is EC2 instance i-13413bd7, matched by Name tag; terminated: User initiated"
                + " (2015-11-25 10:11:55 GMT); Client.UserInitiatedShutdown: User initiated shutdown - the instance is down,"
                + " which explains why the host was unreachable", instance.get(0).get("summary"));
        Map<?, ?> details = (Map<?, ?>) instance.get(0).get("details");
        assertEquals("i-13413bd7", details.get("instanceId"));
        assertEquals(true, details.get("explainsTheFailure"));
        assertEquals("2026-11-25T10:51:30.607525Z", details.get("runAt"));
        assertEquals("2026-11-25T10:00:00Z", details.get("seenAt"));

        // the same result with its host as it is: 127.0.0.1 is no instance, so nothing is said about one
        JsonPath local = imported(sample(TEST_05), playbook("local"));
        assertEquals(List.of(), related(finding(local, "Host unreachable"), "ec2-instance"));
    }

    @Test
    void aStateSeenAfterTheRunDoesNotExplainTheUnreachableHost() {
        // test_05 as recorded, run on 2020-08-07T20:51:30.607525Z; the instance was seen terminated on 2026-11-25,
        // after the run: whether it was down when the host was unreachable is not known
        JsonPath run = imported(sample(TEST_05).replace("\"127.0.0.1\"", "\"Spinnaker\""), playbook("later"));
        List<Map<String, Object>> instance = related(finding(run, "Host unreachable"), "ec2-instance");
        assertEquals(1, instance.size(), instance.toString());
        assertEquals("host Spinnaker is EC2 instance i-13413bd7, matched by Name tag; terminated: User initiated"
                + " (2015-11-25 10:11:55 GMT); Client.UserInitiatedShutdown: User initiated shutdown - as last seen at"
                + " 2026-11-25T10:00:00Z, after the run (2020-08-07T20:51:30.607525Z): it may have gone down after the"
                + " host failed", instance.get(0).get("summary"));
        Map<?, ?> details = (Map<?, ?>) instance.get(0).get("details");
        assertEquals(false, details.get("explainsTheFailure"));
        assertEquals("2020-08-07T20:51:30.607525Z", details.get("runAt"));
    }

    @Test
    void aFailedHostNamesItsInstanceAndItsAwsUsageFindingsAndTheInstanceFindingListsThePlaybookFailures() {
        // an aws-usage CPU finding on i-02117c13e1d21b229 (jantman-throwaway-1, private IP 172.31.6.41)
        JsonPath aws = Api.editor().contentType("application/json").body(Facts.run(Facts.ec2Cpu("i-02117c13e1d21b229", 99.0)))
                .post("/api/agents/aws-usage/runs").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> awsFindings = aws.getList("findings");
        long cpu = awsFindings.stream().filter(f -> "i-02117c13e1d21b229".equals(f.get("resource")))
                .map(f -> ((Number) f.get("id")).longValue()).findFirst().orElseThrow(() -> new AssertionError(awsFindings.toString()));

        // test_07: 127.0.0.1 failed in failing-task-when (failing-task's failure was ignored); the host renamed to the IP
        String book = playbook("throwaway");
        JsonPath run = imported(sample(TEST_07).replace("\"127.0.0.1\"", "\"172.31.6.41\""), book);
        long failed = finding(run, "Host failed");
        List<Map<String, Object>> instance = related(failed, "ec2-instance");
        assertEquals(1, instance.size(), instance.toString());
        assertEquals("host 172.31.6.41 is EC2 instance i-02117c13e1d21b229 (jantman-throwaway-1), matched by private IP;"
                + " running", instance.get(0).get("summary"));
        assertEquals(false, ((Map<?, ?>) instance.get(0).get("details")).get("explainsTheFailure"));
        List<Map<String, Object>> onInstance = related(failed, "finding");
        assertTrue(onInstance.stream().anyMatch(e -> ((Number) ((Map<?, ?>) e.get("details")).get("finding")).longValue() == cpu),
                onInstance.toString());

        // the other way: the CPU finding lists the run's failure on the host, not the ignored one
        List<Map<String, Object>> failures = related(cpu, "playbook-failures").stream()
                .filter(e -> book.equals(((Map<?, ?>) e.get("details")).get("playbook"))).toList();
        assertEquals(1, failures.size(), related(cpu, "playbook-failures").toString());
        Map<?, ?> details = (Map<?, ?>) failures.get(0).get("details");
        assertEquals(List.of("failing-task-when"), details.get("failedTasks"));
        assertEquals(List.of(), details.get("unreachableTasks"));
        assertEquals("private IP", details.get("matchedBy"));
        assertEquals(run.getString("run.runId"), details.get("runId"));
        assertTrue(((String) failures.get(0).get("summary")).startsWith("playbook " + book
                + " on host 172.31.6.41 (i-02117c13e1d21b229 by private IP): 1 task failed"), failures.get(0).toString());

        // test_09: host2 failed; renamed to the private DNS name of i-1aebf7c0 (CompileLambda)
        JsonPath dns = imported(sample(TEST_09).replace("\"host2\"", "\"ip-172-31-8-154.us-west-2.compute.internal\""),
                playbook("lambda"));
        List<Map<String, Object>> byDns = related(finding(dns, "Host failed"), "ec2-instance");
        assertEquals("host ip-172-31-8-154.us-west-2.compute.internal is EC2 instance i-1aebf7c0 (CompileLambda), matched"
                + " by private DNS name; running", byDns.get(0).get("summary"));
    }
}
