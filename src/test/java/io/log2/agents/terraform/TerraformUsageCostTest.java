package io.log2.agents.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.MetricSample;
import io.log2.agents.awsusage.history.CostHistory;
import io.log2.agents.terraform.pipeline.PlanCheck;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.agents.terraform.plan.PlanReader;
import io.log2.agents.terraform.plan.UsagePrices;
import io.log2.agents.terraform.usage.UsageHistory;
import io.log2.logic.Finding;
import io.log2.logic.RuleSetService;
import io.log2.pricing.PriceTable;
import io.log2.support.Api;
import io.log2.support.RulesFolderResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage-based resources of a plan priced from the account's own history in the aws-usage agent: the FOCUS sample's
 * costs (imported as a user would) and the functions its CloudWatch collector keeps samples of.
 *
 * <p>By hand, from {@code data/focus/focus_sample.csv}: sub-account 31027794154 has two AWS Lambda rows, 2024-09-25 and
 * 2024-09-27, BilledCost 0.0063849107 in all, and no Amazon Simple Storage Service row. Its last Lambda day is
 * 2024-09-27, so the 30 days are 2024-08-29 to 2024-09-27 and hold both rows; the two functions of those rows have
 * AWS/Lambda samples on those days, so one function costs 0.0063849107 / 2 = 0.00319245535, $0.003192 to four digits.
 * Sub-account 15196455530 has three S3 rows (2024-09-19 to 2024-09-28), 0.0001902206 in all, but the history has no
 * AWS/S3 metric, so no bucket to divide by.
 */
@QuarkusTest
@WithTestResource(value = RulesFolderResource.class, scope = TestResourceScope.GLOBAL)
class TerraformUsageCostTest {

    // The sample's two sub-accounts under names of this test's own: other tests import the sample too, some of them
    // moved to other years, and the estimate reads an account's last day with cost.
    static final String RUN = String.valueOf(900_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(100_000));
    static final String LAMBDA_ACCOUNT = "31027" + RUN;
    static final String S3_ACCOUNT = "15196" + RUN;
    static final String LAMBDA_SOURCE = "Lambda: $0.003192/month per function, mean of 2 functions over 30 days of aws-usage"
            + " history of account " + LAMBDA_ACCOUNT + " (2024-08-29 to 2024-09-27)";

    @Inject
    UsageHistory usage;
    @Inject
    CostHistory history;
    @Inject
    RuleSetService ruleSets;

    @BeforeEach
    void importTheFocusSample() throws Exception {
        byte[] focus;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("data/focus/focus_sample.csv")) {
            focus = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("31027794154", LAMBDA_ACCOUNT).replace("15196455530", S3_ACCOUNT)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        Api.editor().multiPart("file", "focus_sample.csv", focus, "text/csv").post("/api/agents/aws-usage/imports")
                .then().statusCode(200);
        // what the CloudWatch collector keeps of the two functions the FOCUS rows bill (their ResourceId)
        history.storeMetrics(List.of(
                new MetricSample("AWS/Lambda", "Invocations", "fuimlfite-2m-gpu-v510-AutoslamingFunltion-1GKXENMXN3G6P",
                        Instant.parse("2024-09-25T00:00:00Z"), 12, null),
                new MetricSample("AWS/Lambda", "Invocations", "fuimlfite-4m-gpu-v510-AutoslamingFunltion-13BLYKJJUG4DH",
                        Instant.parse("2024-09-27T00:00:00Z"), 7, null)), "cloudwatch", Instant.now());
    }

    @Test
    void aNewFunctionCostsWhatTheAccountsFunctionsCostOnAverage() {
        UsagePrices.Estimate lambda = usage.prices(LAMBDA_ACCOUNT).perResource("aws_lambda_function").orElseThrow();
        assertEquals(0.003192, lambda.monthly(), 1e-12);
        assertEquals(LAMBDA_SOURCE, lambda.source());
        assertTrue(usage.prices(LAMBDA_ACCOUNT).perResource("aws_instance").isEmpty(), "instances have a price table");
    }

    @Test
    void withoutCostOrWithoutResourcesTheEstimateSaysSoAndPricesNothing() {
        UsagePrices.Estimate none = usage.prices(LAMBDA_ACCOUNT).perResource("aws_s3_bucket").orElseThrow();
        assertEquals(null, none.monthly());
        assertEquals("S3: the aws-usage history of account " + LAMBDA_ACCOUNT + " has no Amazon Simple Storage Service cost, so the"
                + " usage-based cost of a new bucket is not estimated", none.source());
        UsagePrices.Estimate noBuckets = usage.prices(S3_ACCOUNT).perResource("aws_s3_bucket").orElseThrow();
        assertEquals(null, noBuckets.monthly());
        assertEquals("S3: $0.0001902 over 30 days of aws-usage history of account " + S3_ACCOUNT + " (2024-08-30 to 2024-09-28),"
                + " but no bucket in its AWS/S3 metrics to divide it by, so the usage-based cost of a new bucket is not"
                + " estimated", noBuckets.source());
    }

    /**
     * terragoat.json creates aws_lambda_function.analysis_lambda and six S3 buckets: the function is priced from the
     * history and the plan's cost grows by it; each bucket is reported as not priced, saying why.
     */
    @Test
    void aPlanCreatingAFunctionAndBucketsIsPricedFromTheHistory() throws Exception {
        PlanCheck check = new PlanCheck(ruleSets.active(TerraformAgent.NAME), new PlanReader(10_000_000, 10_000_000),
                new PlanFacts(PriceTable.bundled(), "us-east-1", usage.prices(LAMBDA_ACCOUNT)));
        List<String> messages;
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/terraform-plans/terragoat.json"))) {
            messages = check.check("terragoat.json", in).findings().stream().map(Finding::message).toList();
        }
        assertTrue(messages.contains("Usage cost: aws_lambda_function aws_lambda_function.analysis_lambda is priced from this"
                + " account's own usage, " + LAMBDA_SOURCE), messages.toString());
        long buckets = messages.stream().filter(m -> m.startsWith("Not priced: S3: the aws-usage history of account " + LAMBDA_ACCOUNT
                + " has no Amazon Simple Storage Service cost")).count();
        assertEquals(6, buckets, messages.toString());
    }
}
