package io.log2.agents.awsusage.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.collect.inventory.SavingsRecordings;
import io.log2.agents.awsusage.savings.SavingsChecks;
import io.log2.agents.awsusage.savings.SavingsCollector;
import io.log2.agents.awsusage.savings.SavingsInventory;
import io.log2.agents.awsusage.savings.SavingsOpportunity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The savings collector with the SDK's real clients against the local stubs, which serve Cloud Custodian's
 * recordings of EC2 instances and volumes, RDS instances and an hourly CPU series, a DescribeAddresses answer in
 * the documented shape and 14-day GetMetricStatistics series (see {@code aws/savings/README.md}); then the
 * opportunities of that inventory, each saving worked out here by hand from the bundled price table's us-east-1
 * rates.
 */
class SavingsCollectorTest {

    private static final Instant NOW = Instant.now();

    private SavingsRecordings recordings;
    private AwsStub stub;
    private AwsClients clients;

    @BeforeEach
    void start() throws Exception {
        recordings = new SavingsRecordings();
        stub = AwsStub.start().fallback(recordings.endpoint());
        AwsStubResource.answerIdentities(stub);
        stub.on("GetMetricStatistics", SavingsMetricAnswers::answer);
        clients = stub.clients(1);
    }

    @AfterEach
    void stop() {
        clients.close();
        stub.close();
        recordings.close();
    }

    private SavingsInventory collect() {
        CollectWindow window = new SavingsCollector().window(null, NOW, null).orElseThrow();
        CollectedData data = new SavingsCollector().collect(clients, window);
        assertEquals(1, data.savings().size());
        return data.savings().get(0);
    }

    @Test
    void readsInstancesVolumesAddressesAndDatabasesWithTheirFourteenDaysOfUsage() {
        SavingsInventory inventory = collect();
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        assertEquals("123456789012", inventory.account());
        assertEquals("us-east-1", inventory.region());
        assertEquals(today.minusDays(14), inventory.from());
        assertEquals(today.minusDays(1), inventory.to());

        Map<String, SavingsInventory.Instance> instances = inventory.instances().stream()
                .collect(Collectors.toMap(SavingsInventory.Instance::id, i -> i, (a, b) -> a, TreeMap::new));
        assertEquals(List.of("i-00d3f85ef9622b0e2", "i-0cfbce719a3400834", "i-0f10da6b1d974db98", "i-0fdc8cff63616a335"),
                List.copyOf(instances.keySet()));
        SavingsInventory.Instance m3 = instances.get("i-0cfbce719a3400834");
        assertEquals("m3.medium", m3.type());
        assertEquals("running", m3.state());
        assertEquals(14, m3.days().size());
        // Day 5 of the series: CPU 10%, NetworkIn 2.5 MB + NetworkOut 2.5 MB.
        SavingsInventory.InstanceDay fifth = m3.days().get(4);
        assertEquals(inventory.from().plusDays(4), fifth.day());
        assertEquals(10.0, fifth.cpuAverage());
        assertEquals(5_000_000.0, fifth.networkBytes());
        // The recorded hourly series has one data point, 0.02857...%: its p95 is that point.
        assertEquals(0.02857142857142857, m3.cpuP95());
        assertEquals(20.0, instances.get("i-0fdc8cff63616a335").cpuP95(), "rank 320 of 336 sorted hours: 20%");
        assertEquals("stopped", instances.get("i-0f10da6b1d974db98").state());
        assertTrue(instances.get("i-0f10da6b1d974db98").days().isEmpty());

        assertEquals(5, inventory.volumes().size());
        SavingsInventory.Volume io1 = inventory.volumes().stream().filter(v -> v.id().equals("vol-07197f6445e4e8681")).findFirst().orElseThrow();
        assertEquals("io1", io1.type());
        assertEquals(100, io1.sizeGb());
        assertEquals(5000, io1.iops());
        assertFalse(io1.attached());
        assertTrue(inventory.volumes().stream().filter(v -> v.id().equals("vol-01269f6008ec7a865")).findFirst().orElseThrow().attached());

        assertEquals(List.of(new SavingsInventory.Address("eipalloc-0a1b2c3d4e5f60001", "203.0.113.25", true),
                new SavingsInventory.Address("eipalloc-0a1b2c3d4e5f60002", "198.51.100.7", false)), inventory.addresses());

        SavingsInventory.Database blue = inventory.databases().stream().filter(d -> d.id().equals("bluelobster")).findFirst().orElseThrow();
        assertEquals("db.m3.medium", blue.instanceClass());
        assertEquals("mysql", blue.engine());
        assertEquals(14, blue.days().size());
        assertTrue(blue.days().stream().allMatch(d -> d.maxConnections() == 0));
    }

    @Test
    void asksCloudWatchForEachRunningInstanceAndAvailableDatabaseOverTheFourteenWholeDays() {
        collect();
        List<AwsStub.Request> asked = stub.requests("GetMetricStatistics");
        // two running instances × (CPU daily, NetworkIn, NetworkOut, CPU hourly) + two available databases
        assertEquals(10, asked.size());
        Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
        for (AwsStub.Request r : asked) {
            assertEquals(today.minus(14, ChronoUnit.DAYS), Cbor.instant(r.cbor().path("StartTime").asText()));
            assertEquals(today, Cbor.instant(r.cbor().path("EndTime").asText()));
        }
        assertEquals(2, asked.stream().filter(r -> r.cbor().path("Period").asInt() == 3600).count());
        assertEquals(List.of("Maximum", "Maximum"), asked.stream()
                .filter(r -> r.cbor().path("MetricName").asText().equals("DatabaseConnections"))
                .map(r -> r.cbor().at("/Statistics/0").asText()).toList());
        assertEquals(1, recordings.calls("DescribeAddresses"));
        assertEquals(3, recordings.calls("DescribeVolumes"), "three recordings served as three pages");
    }

    @Test
    void pricesEachOpportunityAsWorkedOutByHand() {
        List<SavingsOpportunity> found = new SavingsChecks().find(collect());
        Map<String, Double> saving = new TreeMap<>();
        found.forEach(o -> saving.put(o.kind() + " " + o.resource(), o.monthlySaving()));
        Map<String, Double> expected = new TreeMap<>(Map.of(
                // m3.medium $0.067/h × 730 h: idle on 4 of 14 days (days 2, 5, 9, 13)
                "idle-instance i-0cfbce719a3400834", 48.91,
                // m3.medium → t3.medium: ($0.067 − $0.0416) × 730 = 18.542
                "previous-generation i-0cfbce719a3400834", 18.54,
                // t2.micro → t2.nano, p95 20% ≤ 40%: ($0.0116 − $0.0058) × 730 = 4.234
                "over-provisioned i-0fdc8cff63616a335", 4.23,
                // t2.micro → t3.micro: ($0.0116 − $0.0104) × 730 = 0.876
                "previous-generation i-0fdc8cff63616a335", 0.88,
                // 100 GB gp2 unattached: 100 × $0.10
                "unattached-volume vol-0cc137cb158adbc32", 10.00,
                // 100 GB io1 with 5,000 IOPS unattached: 100 × $0.125 + 5000 × $0.065
                "unattached-volume vol-07197f6445e4e8681", 337.50,
                // 12 GB and 32 GB gp2 in use: size × ($0.10 − $0.08)
                "gp2-to-gp3 vol-01269f6008ec7a865", 0.24,
                "gp2-to-gp3 vol-01d020e75fb456422", 0.64,
                // one Elastic IP with no association: $0.005 × 730
                "unassociated-address eipalloc-0a1b2c3d4e5f60002", 3.65,
                // db.m3.medium MySQL with no connection for 14 days: $0.09 × 730
                "idle-database bluelobster", 65.70));
        assertEquals(expected, saving);
        SavingsOpportunity idle = found.stream().filter(o -> o.kind().equals("idle-instance")).findFirst().orElseThrow();
        assertTrue(idle.evidence().contains("on 4 of the 14 days"), idle.evidence());
        assertNull(found.stream().filter(o -> o.kind().equals("unattached-volume")).findFirst().orElseThrow().from());
    }

    @Test
    void aFailedCallFailsTheCollection() {
        stub.on("GetMetricStatistics", r -> AwsStub.Response.cbor(400, AwsResponses.JSON.createObjectNode()
                .put("__type", "AccessDenied").put("message", "not allowed: cloudwatch:GetMetricStatistics")));
        SdkException e = assertThrows(SdkException.class, this::collect);
        assertTrue(e.getMessage().contains("GetMetricStatistics"), e.getMessage());
    }

    @Test
    void isDueOnceAUtcDay() {
        SavingsCollector collector = new SavingsCollector();
        Instant today = NOW.truncatedTo(ChronoUnit.DAYS);
        assertTrue(collector.window(Watermark.at("savings@us-east-1", today.minusSeconds(1)), NOW, null).isPresent());
        assertTrue(collector.window(Watermark.at("savings@us-east-1", today.plusSeconds(1)), NOW, null).isEmpty());
    }
}
