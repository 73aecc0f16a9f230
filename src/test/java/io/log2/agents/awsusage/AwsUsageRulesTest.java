package io.log2.agents.awsusage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.savings.SavingsOpportunity;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped rule of the aws-usage agent: one fact that makes it fire, one just short that keeps it silent. */
class AwsUsageRulesTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final YearMonth MONTH = YearMonth.parse("2026-11");
    private static RuleSet rules;

    @BeforeAll
    static void compileShippedRules() {
        CompiledRuleSet compiled = new RuleSetCompiler(AwsUsageRulesTest.class.getClassLoader(), new AwsUsageAgent())
                .compile("aws-usage", new RuleFolder(Path.of("rules/aws-usage")).read());
        rules = new RuleSet(compiled, 1, "test", Instant.now());
    }

    static MetricSample metric(String namespace, String metric, double value, Double capacity) {
        return new MetricSample(namespace, metric, "res-1", T, value, capacity);
    }

    static SampleFeatures features(double score) {
        return new SampleFeatures("AWS/EC2", "CPUUtilization", "res-1", T, 97, 20.0, 2.0, 20.0, 2.0, 20.0, 70.0, 38.5, 38.5, 35.0, score, 1.0, 2.0, 2.0, 3.0, 3.0);
    }

    static ResourceState resource(String type, Boolean open, Boolean encrypted, Map<String, String> tags) {
        return new ResourceState(type, "res-1", "eu-west-1", open, encrypted, tags);
    }

    static ApiEvent event(String name, String error) {
        return new ApiEvent(T, "ec2.amazonaws.com", name, "arn:aws:iam::111:user/bob", "203.0.113.9", "eu-west-1", error, null);
    }

    static DailyCost baseline(double amount, double mean, double deviation) {
        return new DailyCost("111", DAY, amount, mean, deviation, mean, null, "Amazon EC2", "us-east-1", "BoxUsage:m5.large", amount - mean, null);
    }

    static DailyCost previous(double amount, double previous) {
        return new DailyCost("111", DAY, amount, null, null, null, previous, null, null, null, null, null);
    }

    static CostProjection projection(String period, int months, double projected) {
        return new CostProjection("111", period, period.equals("month") ? "2026-12" : "2026-Q4", DAY.plusDays(11),
                DAY.plusDays(41), months, 20.0, projected, projected - 10, projected + 10, projected - 20, projected + 20, 30, 0.4);
    }

    static SavingsOpportunity saving(double monthly) {
        return new SavingsOpportunity(SavingsOpportunity.IDLE_INSTANCE, "111", "eu-west-1", "AWS::EC2::Instance", "res-1",
                "idle on 4 of 14 days", "Stop it", monthly, DAY.minusDays(13), DAY);
    }

    static Stream<Arguments> cases() {
        Map<String, String> both = Map.of("owner", "ops", "cost-center", "42");
        return Stream.of(
                Arguments.of("MetricThresholds_11", metric("AWS/EC2", "CPUUtilization", 80.5, null), metric("AWS/EC2", "CPUUtilization", 80.0, null)),
                Arguments.of("MetricThresholds_12", metric("AWS/RDS", "DatabaseConnections", 91, 100.0), metric("AWS/RDS", "DatabaseConnections", 90, 100.0)),
                Arguments.of("MetricThresholds_13", metric("AWS/S3", "BucketSizeBytes", 4.6e9, null), metric("AWS/S3", "BucketSizeBytes", 4.5e9, null)),
                Arguments.of("MetricThresholds_14", metric("AWS/Lambda", "Invocations", 800_001, null), metric("AWS/Lambda", "Invocations", 800_000, null)),
                Arguments.of("MetricThresholds_15", metric("AWS/ApiGateway", "Latency", 1000.5, null), metric("AWS/ApiGateway", "Latency", 1000, null)),
                Arguments.of("MetricThresholds_16", metric("AWS/ApiGateway", "ErrorRate", 5.1, null), metric("AWS/ApiGateway", "ErrorRate", 5.0, null)),
                Arguments.of("MetricThresholds_17", metric("AWS/ApiGateway", "Availability", 98.9, null), metric("AWS/ApiGateway", "Availability", 99.0, null)),
                Arguments.of("MetricThresholds_18", metric("AWS/ApplicationELB", "TargetResponseTime", 0.501, null), metric("AWS/ApplicationELB", "TargetResponseTime", 0.5, null)),
                // the learned table's placeholder: the calculator caps the score at 10, so only a fact posted by hand fires it
                Arguments.of("LearnedSignals_60", features(10.5), features(10.0)),
                Arguments.of("DailyCostThresholds_25", DailyCost.of("111", DAY, 5.01), DailyCost.of("111", DAY, 5.0)),
                Arguments.of("DailyCostThresholds_26", baseline(40, 10.0, 9.9), baseline(40, 10.0, 10.0)),
                Arguments.of("DailyCostThresholds_27", previous(20.1, 10.0), previous(20.0, 10.0)),
                Arguments.of("BudgetThresholds_34", new MonthToDate("111", MONTH, 120.5, null), new MonthToDate("111", MONTH, 120.0, null)),
                Arguments.of("BudgetThresholds_35", new MonthToDate("111", MONTH, 10, 121.0), new MonthToDate("111", MONTH, 10, 120.0)),
                Arguments.of("ForecastBudget_9", projection("month", 1, 150.5), projection("month", 1, 150)),
                Arguments.of("ForecastBudget_10", projection("quarter", 3, 450.5), projection("quarter", 3, 450)),
                Arguments.of("ServiceCostThresholds_42", new ServiceCost("111", MONTH, "Amazon EC2", 10.01), new ServiceCost("111", MONTH, "Amazon EC2", 10.0)),
                Arguments.of("RequiredTags_49", resource("AWS::EC2::Instance", null, null, Map.of("cost-center", "42")), resource("AWS::EC2::Instance", null, null, both)),
                Arguments.of("RequiredTags_50", resource("AWS::EC2::Instance", null, null, Map.of("owner", "ops")), resource("AWS::EC2::Instance", null, null, both)),
                Arguments.of("RequiredTags_51", resource("AWS::RDS::DBInstance", null, true, null), resource("AWS::RDS::DBInstance", null, true, both)),
                Arguments.of("RequiredTags_52", resource("AWS::S3::Bucket", false, true, Map.of()), resource("AWS::S3::Bucket", false, true, both)),
                Arguments.of("Unauthorized access", event("TerminateInstances", "AccessDenied"), event("TerminateInstances", null)),
                Arguments.of("New resource created", event("RunInstances", null), event("DescribeInstances", null)),
                Arguments.of("Public S3 bucket", resource("AWS::S3::Bucket", true, true, both), resource("AWS::S3::Bucket", false, true, both)),
                Arguments.of("Unencrypted storage", resource("AWS::EC2::Volume", null, false, both), resource("AWS::EC2::Volume", null, true, both)),
                Arguments.of("SavingsThresholds_10", saving(10.01), saving(10.0)));
    }

    private static List<Finding> evaluate(Object fact) {
        Findings findings = new Findings(rules.compiled(), "test", () -> 0);
        Evaluator.evaluate(rules, List.of(fact), findings, null);
        return findings.items();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void firesAboveItsThresholdAndStaysSilentAtIt(String rule, Object firing, Object silent) {
        List<Finding> raised = evaluate(firing);
        assertTrue(raised.stream().anyMatch(f -> f.rule().equals(rule)), rule + " should fire on " + firing + ", got " + raised);
        Finding f = raised.stream().filter(x -> x.rule().equals(rule)).findFirst().orElseThrow();
        assertFalse(f.message().contains("{"), "message has an unfilled placeholder: " + f.message());
        assertTrue(f.category() != null && f.severity() != null, "category and severity come from the rule: " + f);
        List<Finding> quiet = evaluate(silent);
        assertFalse(quiet.stream().anyMatch(x -> x.rule().equals(rule)), rule + " should stay silent on " + silent + ", got " + quiet);
    }

    @Test
    void everyShippedRuleHasACase() {
        Set<String> covered = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> shipped = rules.compiled().rules().values().stream().map(RuleInfo::name).collect(Collectors.toSet());
        assertEquals(shipped, covered);
    }

    @Test
    void messagesReadAsAPersonWritesThem() {
        assertEquals("EC2 CPU 93.0% on res-1 is above the 80% threshold",
                evaluate(metric("AWS/EC2", "CPUUtilization", 93.0, null)).get(0).message());
        assertEquals("Month-to-date cost $130 is 86.67% of the $150 monthly budget (alert at 80%)",
                evaluate(new MonthToDate("111", MONTH, 130, null)).get(0).message());
        assertEquals("Compliance: AWS::S3::Bucket res-1 has no 'owner' tag",
                evaluate(resource("AWS::S3::Bucket", false, true, Map.of())).get(0).message());
        assertEquals("Cost anomaly on 2026-11-20: $40 is 3.03 standard deviations above the trailing baseline of $10;"
                + " most of it from Amazon EC2 in us-east-1 (BoxUsage:m5.large), +$30",
                evaluate(baseline(40, 10.0, 9.9)).stream().filter(f -> f.rule().equals("DailyCostThresholds_26")).findFirst()
                        .orElseThrow().message());
        Finding rds = evaluate(metric("AWS/RDS", "DatabaseConnections", 95, 100.0)).get(0);
        assertEquals(95.0, rds.value());
        assertEquals(90.0, rds.threshold());
        assertEquals("recommendation", evaluate(new ServiceCost("111", MONTH, "Amazon EC2", 12)).get(0).kind());
    }
}
