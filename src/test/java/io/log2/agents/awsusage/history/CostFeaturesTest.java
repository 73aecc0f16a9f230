package io.log2.agents.awsusage.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.log2.agents.awsusage.CostRecord;
import io.log2.agents.awsusage.DailyCost;
import io.log2.agents.awsusage.MonthToDate;
import io.log2.agents.awsusage.ServiceCost;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostFeaturesTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    /** Fourteen quiet days of EC2 and S3, then a day where EC2 m5.large in eu-west-1 jumps. */
    private static List<CostRecord> history() {
        List<CostRecord> rows = new ArrayList<>();
        for (int i = 14; i >= 1; i--) {
            LocalDate d = DAY.minusDays(i);
            rows.add(new CostRecord(d, "111", "Amazon EC2", "eu-west-1", "BoxUsage:m5.large", i % 2 == 0 ? 3.0 : 4.0));
            rows.add(new CostRecord(d, "111", "Amazon S3", "eu-west-1", "TimedStorage", 1.0));
        }
        rows.add(new CostRecord(DAY, "111", "Amazon EC2", "eu-west-1", "BoxUsage:m5.large", 30.0));
        rows.add(new CostRecord(DAY, "111", "Amazon S3", "eu-west-1", "TimedStorage", 1.5));
        return rows;
    }

    @Test
    void aDayGetsItsBaselineAndTheLineThatMovedMost() {
        DailyCost day = CostFeatures.daily("111", DAY, history());
        assertEquals(31.5, day.amount(), 1e-9);
        assertEquals(4.5, day.baselineMean(), 1e-9);
        // totals alternate 4 and 5 over 14 days: sample deviation sqrt(14 * 0.25 / 13)
        assertEquals(Math.sqrt(14 * 0.25 / 13), day.baselineStdDev(), 1e-9);
        assertEquals(4.0 + 1.0, day.previousAmount(), 1e-9);
        assertEquals("Amazon EC2", day.rootCauseService());
        assertEquals("eu-west-1", day.rootCauseRegion());
        assertEquals("BoxUsage:m5.large", day.rootCauseUsageType());
        assertEquals(30.0 - 3.5, day.rootCauseImpact(), 1e-9);
        double ewma = 0;
        for (int i = 14; i >= 1; i--) {
            double total = (i % 2 == 0 ? 3.0 : 4.0) + 1.0;
            ewma = i == 14 ? total : 0.3 * total + 0.7 * ewma;
        }
        assertEquals(ewma, day.ewma(), 1e-9);
    }

    @Test
    void tooShortAHistoryHasNoBaseline() {
        List<CostRecord> rows = history().stream().filter(r -> !r.date().isBefore(DAY.minusDays(3))).toList();
        DailyCost day = CostFeatures.daily("111", DAY, rows);
        assertNull(day.baselineMean());
        assertNull(day.rootCauseService());
        assertEquals(31.5, day.amount(), 1e-9);
    }

    @Test
    void monthToDateIsProjectedAtThePaceSoFarUnlessForecast() {
        YearMonth month = YearMonth.from(DAY);
        MonthToDate mtd = CostFeatures.monthToDate("111", month, history(), null);
        double sum = history().stream().filter(r -> r.date().getMonth() == DAY.getMonth()).mapToDouble(CostRecord::amount).sum();
        assertEquals(sum, mtd.amount(), 1e-9);
        assertEquals(sum / 20 * 30, mtd.projected(), 1e-9);
        assertEquals(99.0, CostFeatures.monthToDate("111", month, history(), 99.0).projected(), 1e-9);
        List<ServiceCost> services = CostFeatures.services("111", month, history());
        assertEquals(List.of("Amazon EC2", "Amazon S3"), services.stream().map(ServiceCost::service).toList());
    }
}
