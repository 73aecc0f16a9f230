package io.log2.agents.awsusage.collect;

import static io.log2.agents.awsusage.collect.AwsResponses.load;
import static io.log2.agents.awsusage.collect.AwsStub.Response.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two accounts through the stub: the base credentials' account and one reached by assuming a role. Each account's
 * costs land under its own id (STS names it), and Cost Explorer is asked on its own cadence, not every cycle.
 */
@QuarkusTest
@TestProfile(TwoAccountCycleTest.TwoAccounts.class)
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AwsStubResource.class, scope = TestResourceScope.GLOBAL)
class TwoAccountCycleTest {

    static final String ROLE = "arn:aws:iam::222222222222:role/log2-read";
    static final String MEMBER = "222222222222";

    /** A further account through a role, and Cost Explorer every 6 hours as by default. */
    public static class TwoAccounts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("log2.aws.role-arns", ROLE, "log2.aws.cost-interval", "6h");
        }
    }

    @Inject
    DataSource dataSource;

    @BeforeEach
    void freshAccounts() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM cost_history WHERE source = 'aws'");
            s.executeUpdate("DELETE FROM collector_watermark");
        }
    }

    @AfterEach
    void standingAnswers() {
        AwsStubResource.answerFixtures(AwsStubResource.stub());
    }

    /** Cost rows per account: how many and their total. */
    private Map<String, String> costsByAccount() throws Exception {
        Map<String, String> byAccount = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT account, COUNT(*), SUM(amount) FROM cost_history WHERE source = 'aws' "
                     + "GROUP BY account")) {
            while (rs.next()) {
                byAccount.put(rs.getString(1), rs.getLong(2) + " rows, $" + Math.round(rs.getDouble(3) * 1e4) / 1e4);
            }
        }
        return byAccount;
    }

    private static JsonPath cycle() {
        return Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void eachAccountsCostsLandUnderItsOwnIdAndCostExplorerKeepsItsCadence() throws Exception {
        AwsStub stub = AwsStubResource.stub();
        JsonPath cycle = cycle();
        Map<String, String> collectors = cycle.getMap("collectors");
        assertEquals("complete", cycle.getString("status"), collectors.toString());
        assertEquals("ok", collectors.get("cost-explorer@us-east-1"));
        assertEquals("ok", collectors.get("cost-explorer@us-east-1/" + ROLE));
        assertEquals("ok", collectors.get("cloudwatch@us-east-1/" + ROLE));
        Map<String, String> costs = costsByAccount();
        // The stub answers both accounts alike: the same rows, each under its own account.
        assertEquals(costs.get(AwsStubResource.ACCOUNT), costs.get(MEMBER), costs.toString());
        assertEquals(2, costs.size(), costs.toString());
        assertTrue(stub.requests("GetCostAndUsage").stream()
                .anyMatch(r -> (AwsStubResource.ROLE_KEY + MEMBER).equals(r.accessKey())), "the member's own Cost Explorer");

        int ceCalls = stub.requests("GetCostAndUsage").size() + stub.requests("GetDimensionValues").size()
                + stub.requests("GetCostForecast").size();
        JsonPath next = cycle();
        assertEquals(AwsCollection.NOT_DUE, next.getMap("collectors").get("cost-explorer@us-east-1"));
        assertEquals(AwsCollection.NOT_DUE, next.getMap("collectors").get("cost-explorer@us-east-1/" + ROLE));
        assertEquals("complete", next.getString("status"));
        assertEquals(ceCalls, stub.requests("GetCostAndUsage").size() + stub.requests("GetDimensionValues").size()
                + stub.requests("GetCostForecast").size(), "Cost Explorer bills every request: not asked again within 6h");
    }

    @Test
    void aManagementAccountReadsItsMembersCostsGroupedByLinkedAccount() throws Exception {
        AwsStub stub = AwsStubResource.stub();
        stub.on("GetDimensionValues", r -> {
            boolean linked = r.json().path("Dimension").asText().equals("LINKED_ACCOUNT");
            if (linked && AwsStubResource.account(r).equals(AwsStubResource.ACCOUNT)) {
                return json(load("fixtures/ce.get-dimension-values.linked-account.fixture.json"));
            }
            return json(200, linked ? "{\"DimensionValues\":[{\"Value\":\"" + MEMBER + "\",\"Attributes\":{}}]}"
                    : "{\"DimensionValues\":[{\"Value\":\"us-east-1\",\"Attributes\":{}}]}");
        });
        stub.on("GetCostAndUsage", r -> json(load(r.json().path("Granularity").asText().equals("MONTHLY")
                ? "fixtures/ce.get-cost-and-usage.month-to-date.fixture.json"
                : "fixtures/ce.get-cost-and-usage.linked-account.us-east-1.fixture.json")));
        int memberCalls = (int) stub.requests("GetCostAndUsage").stream()
                .filter(r -> (AwsStubResource.ROLE_KEY + MEMBER).equals(r.accessKey())).count();

        JsonPath cycle = cycle();
        Map<String, String> collectors = cycle.getMap("collectors");
        assertEquals("complete", cycle.getString("status"), collectors.toString());
        assertEquals("ok", collectors.get("cost-explorer@us-east-1"));
        assertTrue(collectors.get("cost-explorer@us-east-1/" + ROLE).contains("read through the management account "
                + AwsStubResource.ACCOUNT), collectors.toString());
        assertEquals(Map.of(AwsStubResource.ACCOUNT, "1 rows, $0.9984", MEMBER, "2 rows, $5.015"), costsByAccount());
        assertEquals(memberCalls, stub.requests("GetCostAndUsage").stream()
                .filter(r -> (AwsStubResource.ROLE_KEY + MEMBER).equals(r.accessKey())).count(),
                "the member's costs came with the management account's: not asked twice");
    }
}
