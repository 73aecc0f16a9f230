package io.log2.agents.awsusage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.log2.logic.FactSubject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the aws-usage facts report on, and when a cycle holds the inventory completely. */
class AwsUsageAgentTest {

    private final AwsUsageAgent agent = new AwsUsageAgent();

    @Test
    void theInventoryIsCompleteOnlyWhenEveryInventoryCollectorSucceeded() {
        assertEquals(Set.of(ResourceState.class), AwsUsageAgent.completeTypes(Map.of("inventory@us-east-1", "ok",
                "inventory@eu-west-1", "ok", "cloudwatch@us-east-1", "failed: throttled"), "ok"));
        assertEquals(Set.of(), AwsUsageAgent.completeTypes(Map.of("inventory@us-east-1", "ok",
                "inventory@eu-west-1", "failed: AccessDenied"), "ok"));
        assertEquals(Set.of(), AwsUsageAgent.completeTypes(Map.of(), "ok"), "no collection, as on sample data");
    }

    @Test
    void factsReportOnTheirSeriesResourceOrPeriod() {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        FactSubject sample = agent.subjectOf(new MetricSample("AWS/EC2", "CPUUtilization", "i-1", t, 90, null));
        assertEquals(t, sample.time());
        assertNull(sample.period());
        assertEquals(sample.subject(), agent.subjectOf(new MetricSample("AWS/EC2", "CPUUtilization", "i-1", t.plusSeconds(60), 10, null)).subject());
        assertNotEquals(sample.subject(), agent.subjectOf(new MetricSample("AWS/EC2", "NetworkIn", "i-1", t, 90, null)).subject());
        assertNotEquals(sample.subject(), agent.subjectOf(new MetricSample("AWS/EC2", "CPUUtilization", "i-2", t, 90, null)).subject());

        assertEquals("2026-11-20", agent.subjectOf(DailyCost.of("111", LocalDate.parse("2026-11-20"), 4)).period());
        assertEquals("2026-11", agent.subjectOf(new MonthToDate("111", YearMonth.parse("2026-11"), 4, null)).period());
        assertEquals("2026-11", agent.subjectOf(new ServiceCost("111", YearMonth.parse("2026-11"), "Amazon S3", 4)).period());
        assertNotEquals(agent.subjectOf(new ServiceCost("111", YearMonth.parse("2026-11"), "Amazon S3", 4)).subject(),
                agent.subjectOf(new ServiceCost("111", YearMonth.parse("2026-11"), "Amazon EC2", 4)).subject());
        assertNull(agent.subjectOf(new ApiEvent(t, "s3.amazonaws.com", "PutObject", null, null, null, "AccessDenied", "b")).subject(),
                "an event is not seen again");
        assertEquals(FactSubject.NONE, agent.subjectOf(new CostRecord(LocalDate.parse("2026-11-20"), "111", "Amazon S3", null, null, 1)));
    }
}
