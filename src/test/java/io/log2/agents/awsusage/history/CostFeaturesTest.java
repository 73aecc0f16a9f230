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
        // EWMA by hand, oldest day first, e = 0.3 * total + 0.7 * e, totals 4, 5, 4, 5, ...:
        // 4 -> 4.3 -> 4.21 -> 4.447 -> 4.3129 -> 4.51903 -> 4.363321 -> 4.5543247 -> 4.38802729 -> 4.571619103
        //   -> 4.4001333721 -> 4.58009336047 -> 4.406065352329 -> 4.5842457466303
        assertEquals(4.5842457466303, day.ewma(), 1e-9);
    }

    private static CostRecord ec2(LocalDate day, double amount) {
        return new CostRecord(day, "111", "Amazon EC2", "eu-west-1", "BoxUsage:m5.large", amount);
    }

    @Test
    void aSteadyWeekThenADoubleGivesTheHandWorkedBaseline() {
        // six days of $10, then $20, then the day itself
        List<CostRecord> rows = new ArrayList<>();
        for (int i = 7; i >= 2; i--) {
            rows.add(ec2(DAY.minusDays(i), 10.0));
        }
        rows.add(ec2(DAY.minusDays(1), 20.0));
        rows.add(ec2(DAY, 12.0));
        DailyCost day = CostFeatures.daily("111", DAY, rows);
        // mean 80 / 7; deviations six times -10/7 and once 60/7: squares 6 * 100/49 + 3600/49 = 4200/49,
        // over 6 = 100/7, so the deviation is sqrt(100/7); EWMA 10 six times, then 0.3 * 20 + 0.7 * 10 = 13
        assertEquals(80.0 / 7, day.baselineMean(), 1e-9);
        assertEquals(Math.sqrt(100.0 / 7), day.baselineStdDev(), 1e-9);
        assertEquals(13.0, day.ewma(), 1e-9);
        assertEquals(20.0, day.previousAmount(), 1e-9);
    }

    @Test
    void aDayWithoutCostRowsCountsAsZero() {
        // eight days of $10 but for the fifth, which had no rows: it cost nothing
        List<CostRecord> rows = new ArrayList<>();
        for (int i = 8; i >= 1; i--) {
            if (i != 4) {
                rows.add(ec2(DAY.minusDays(i), 10.0));
            }
        }
        rows.add(ec2(DAY, 10.0));
        DailyCost day = CostFeatures.daily("111", DAY, rows);
        // values 10, 10, 10, 10, 0, 10, 10, 10: mean 70 / 8 = 8.75; deviations seven times 1.25 and once -8.75:
        // squares 7 * 1.5625 + 76.5625 = 87.5, over 7 = 12.5; EWMA 10, 10, 10, 10, then
        // 0.7 * 10 = 7, 3 + 4.9 = 7.9, 3 + 5.53 = 8.53, 3 + 5.971 = 8.971
        assertEquals(8.75, day.baselineMean(), 1e-9);
        assertEquals(Math.sqrt(12.5), day.baselineStdDev(), 1e-9);
        assertEquals(8.971, day.ewma(), 1e-9);
        // the day after a day without costs: the previous amount is zero, not unknown
        LocalDate afterGap = DAY.minusDays(3);
        List<CostRecord> upToGap = rows.stream().filter(r -> !r.date().isAfter(afterGap)).toList();
        assertEquals(0.0, CostFeatures.daily("111", afterGap, upToGap).previousAmount(), 1e-9);
    }

    @Test
    void aFallingDayNamesTheLineThatFellMost() {
        List<CostRecord> rows = new ArrayList<>();
        for (int i = 7; i >= 1; i--) {
            rows.add(ec2(DAY.minusDays(i), 10.0));
            rows.add(new CostRecord(DAY.minusDays(i), "111", "Amazon S3", "eu-west-1", "TimedStorage", 2.0));
        }
        rows.add(ec2(DAY, 3.0));
        rows.add(new CostRecord(DAY, "111", "Amazon S3", "eu-west-1", "TimedStorage", 2.0));
        DailyCost day = CostFeatures.daily("111", DAY, rows);
        // the day cost 5 against a baseline of 12: EC2 moved 3 - 10 = -7, S3 did not move
        assertEquals(12.0, day.baselineMean(), 1e-9);
        assertEquals("Amazon EC2", day.rootCauseService());
        assertEquals(-7.0, day.rootCauseImpact(), 1e-9);
    }

    @Test
    void tiedLinesGiveTheSameCauseWhateverTheRowOrder() {
        List<CostRecord> rows = new ArrayList<>();
        for (int i = 7; i >= 1; i--) {
            rows.add(ec2(DAY.minusDays(i), 10.0));
        }
        // both rise by $5: EC2 to $15, S3 from nothing to $5; the larger cost of the day wins the tie
        rows.add(ec2(DAY, 15.0));
        rows.add(new CostRecord(DAY, "111", "Amazon S3", "eu-west-1", "TimedStorage", 5.0));
        // and two lines alike in every figure: the first by name wins
        rows.add(new CostRecord(DAY, "111", "Amazon B", "eu-west-1", "X", 1.0));
        rows.add(new CostRecord(DAY, "111", "Amazon A", "eu-west-1", "X", 1.0));
        List<CostRecord> reversed = new ArrayList<>(rows);
        java.util.Collections.reverse(reversed);
        for (List<CostRecord> order : List.of(rows, reversed)) {
            DailyCost day = CostFeatures.daily("111", DAY, order);
            assertEquals("Amazon EC2", day.rootCauseService());
            assertEquals(5.0, day.rootCauseImpact(), 1e-9);
        }
        List<CostRecord> alike = List.of(new CostRecord(DAY, "111", "Amazon B", "eu-west-1", "X", 1.0),
                new CostRecord(DAY, "111", "Amazon A", "eu-west-1", "X", 1.0));
        List<CostRecord> week = new ArrayList<>();
        for (int i = 7; i >= 1; i--) {
            week.add(new CostRecord(DAY.minusDays(i), "111", "Amazon C", "eu-west-1", "X", 0.5));
        }
        for (List<CostRecord> order : List.of(alike, List.of(alike.get(1), alike.get(0)))) {
            List<CostRecord> all = new ArrayList<>(week);
            all.addAll(order);
            assertEquals("Amazon A", CostFeatures.daily("111", DAY, all).rootCauseService());
        }
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
