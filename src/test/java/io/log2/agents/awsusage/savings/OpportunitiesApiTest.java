package io.log2.agents.awsusage.savings;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.awsusage.collect.AwsStubResource;
import io.log2.logs.RunFinding;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Savings opportunities end to end: a monitoring cycle collects with the real SDK from the stubs' recorded
 * answers, stores the opportunities and evaluates them as facts; the shipped rule (savings.drl.csv) recommends
 * those above $10 a month; the endpoint lists them.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = AwsStubResource.class, scope = TestResourceScope.GLOBAL)
class OpportunitiesApiTest {

    static final String RULE = "SavingsThresholds_10";

    @Inject
    RunService runs;
    @Inject
    SavingsChecks checks;
    @Inject
    CostHistory history;

    private static SavingsOpportunity unattached(String volume, double saving) {
        return new SavingsOpportunity(SavingsOpportunity.UNATTACHED_VOLUME, "111122223333", "us-east-1",
                "AWS::EC2::Volume", volume, "100 GiB gp2 volume attached to no instance", "Delete it", saving, null, null);
    }

    @Test
    void theRuleRecommendsAnOpportunityAboveTenDollarsAMonthAndNotOneAtTen() {
        String at = "vol-at-" + System.nanoTime();
        String above = "vol-above-" + System.nanoTime();
        RunResult run = runs.runFacts(AwsUsageAgent.NAME, List.of(unattached(at, 10.00), unattached(above, 10.01)));
        List<RunFinding> savings = run.findings().stream().filter(f -> RULE.equals(f.rule())).toList();
        assertEquals(1, savings.size(), run.findings().toString());
        RunFinding finding = savings.get(0);
        assertEquals(above, finding.resource());
        assertEquals("recommendation", finding.kind());
        assertEquals(10.01, finding.value());
        assertEquals(10.0, finding.threshold());
        assertEquals("Save $10.01 a month on AWS::EC2::Volume " + above + " in us-east-1: Delete it"
                + " (unattached-volume: 100 GiB gp2 volume attached to no instance; threshold $10)", finding.message());
    }

    @Test
    void aCycleStoresTheRecordedAccountsOpportunitiesAndRecommendsThoseAboveTheThreshold() {
        JsonPath cycle = Api.editor().post("/api/agents/aws-usage/cycles").then().statusCode(200).extract().jsonPath();
        // Due once a day: a cycle run earlier today by another test has stored the same scan.
        String outcome = (String) cycle.getMap("collectors").get("savings@us-east-1");
        assertTrue(List.of("ok", "not due").contains(outcome), cycle.prettify());

        JsonPath page = Api.viewer().get("/api/agents/aws-usage/opportunities").then().statusCode(200).extract().jsonPath();
        Map<String, Float> saving = new java.util.TreeMap<>();
        for (Map<String, Object> o : page.<Map<String, Object>>getList("opportunities")) {
            saving.put(o.get("kind") + " " + o.get("resource"), o.get("monthlySaving") == null ? null : ((Number) o.get("monthlySaving")).floatValue());
        }
        // The inventory stub's recordings, priced at the us-east-1 rates of the bundled table:
        assertEquals(16.00f, saving.get("unattached-volume vol-encrypted-gp3-002"), "200 GiB gp3 × $0.08");
        assertEquals(8.00f, saving.get("unattached-volume vol-encrypted-gp3-001"), "100 GiB gp3 × $0.08");
        assertEquals(0.80f, saving.get("unattached-volume vol-466f46ff"), "8 GiB gp2 × $0.10");
        assertEquals(0.16f, saving.get("gp2-to-gp3 vol-96c7ee2f"), "8 GiB × ($0.10 − $0.08)");
        assertEquals(18.54f, saving.get("previous-generation i-1aebf7c0"), "m3.medium → t3.medium: ($0.067 − $0.0416) × 730");
        assertEquals(3.65f, saving.get("unassociated-address eipalloc-0a1b2c3d4e5f60002"), "$0.005 × 730");
        assertEquals("2026-11-26", page.getString("prices.asOf"));
        assertEquals(730.0f, page.getFloat("prices.hoursPerMonth"));
        assertTrue(page.getFloat("totalMonthlySaving") >= 16.00f + 8.00f + 18.54f + 3.65f, page.prettify());

        // Findings on those above $10 only.
        assertEquals(1, openSavingsFindings("vol-encrypted-gp3-002"));
        assertEquals(1, openSavingsFindings("i-1aebf7c0"));
        assertEquals(0, openSavingsFindings("vol-encrypted-gp3-001"));
        assertEquals(0, openSavingsFindings("eipalloc-0a1b2c3d4e5f60002"));

        // One kind only
        JsonPath volumes = Api.viewer().queryParam("kind", "unattached-volume").get("/api/agents/aws-usage/opportunities")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(volumes.getList("opportunities.kind", String.class).stream().allMatch("unattached-volume"::equals));
        assertTrue(volumes.getList("opportunities.resource").contains("vol-encrypted-gp3-002"));
    }

    @Test
    void aScanReplacesItsAccountsOpportunitiesAndPricesTheAccountsSteadyUsageFromItsCostHistory() {
        String account = String.valueOf(400_000_000_000L + System.nanoTime() % 100_000_000_000L);
        LocalDate to = LocalDate.parse("2026-11-25");
        List<CostRecord> rows = new ArrayList<>();
        for (int d = 0; d < 14; d++) {
            // $48 of on-demand m5.large a day, $36 on one day: the steady floor is $36, $1.50 an hour
            rows.add(new CostRecord(to.minusDays(d), account, "Amazon Elastic Compute Cloud - Compute", "eu-west-1",
                    "EU-BoxUsage:m5.large", d == 5 ? 36.0 : 48.0));
        }
        history.storeCosts(rows, "test", Instant.now());
        SavingsInventory scan = new SavingsInventory(account, "eu-west-1", to.minusDays(13), to, List.of(),
                List.of(new SavingsInventory.Volume("vol-" + account, "gp2", 250, 750, "available", false)), List.of(), List.of());

        List<SavingsOpportunity> found = checks.record(List.of(scan), Instant.now());
        // 250 GiB gp2 in eu-west-1: 250 × $0.11 = 27.50; $1.50 an hour × 730 × 25% = 273.75
        assertEquals(Map.of("unattached-volume", 27.50, "savings-plan", 273.75), found.stream()
                .collect(java.util.stream.Collectors.toMap(SavingsOpportunity::kind, SavingsOpportunity::monthlySaving)));
        assertEquals(List.of(273.75f, 27.50f), accountOpportunities(account).stream()
                .map(o -> ((Number) o.get("monthlySaving")).floatValue()).toList());

        // The next scan of that account and region no longer shows the volume: its opportunity is gone.
        checks.record(List.of(new SavingsInventory(account, "eu-west-1", to.minusDays(13), to, List.of(),
                List.of(), List.of(), List.of())), Instant.now());
        assertEquals(List.of("savings-plan"), accountOpportunities(account).stream().map(o -> o.get("kind")).toList());
    }

    private static List<Map<String, Object>> accountOpportunities(String account) {
        return Api.viewer().get("/api/agents/aws-usage/opportunities").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("opportunities").stream().filter(o -> account.equals(o.get("account"))).toList();
    }

    private static int openSavingsFindings(String resource) {
        return Api.viewer().queryParam("rule", RULE).queryParam("state", "open").queryParam("resource", resource)
                .get("/api/findings").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    @Test
    void anUnknownKindIsAProblemNamingTheParameter() {
        Api.viewer().queryParam("kind", "cheap").get("/api/agents/aws-usage/opportunities").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("kind must be one of"))
                .body("detail", containsString("'cheap'"));
    }

    @Test
    void readingNeedsAnAccount() {
        RestAssured.given().get("/api/agents/aws-usage/opportunities").then().statusCode(401);
    }

    @Test
    void theDocumentedViewerRoleMayRead() {
        Api.viewer().get("/api/agents/aws-usage/opportunities").then().statusCode(200)
                .body("prices.source", containsString("aws.amazon.com/ec2/pricing/on-demand"))
                .body("prices.savingsPlanDiscount", equalTo(0.25f));
    }
}
