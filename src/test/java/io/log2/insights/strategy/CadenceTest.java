package io.log2.insights.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recommended interval and what Cost Explorer collections cost a month, worked out by hand. */
class CadenceTest {

    private static ChangeRate rate(Duration interval, int lag, long pairs, long changed) {
        return ChangeRate.of(interval, lag, pairs, changed);
    }

    @Test
    void theLongestIntervalBeforeTheFirstThatChangesTooOftenIsRecommended() {
        List<ChangeRate> rates = List.of(rate(Duration.ofMinutes(5), 1, 100, 10), rate(Duration.ofMinutes(15), 3, 100, 40),
                rate(Duration.ofHours(1), 12, 100, 60), rate(Duration.ofHours(2), 24, 100, 30));
        // 2 h changes less often again, but 1 h already changed more often than not: the walk stops there
        assertEquals(Duration.ofMinutes(15), Cadence.recommend(rates, 0.5, 300.0));
        assertEquals(Duration.ofHours(2), Cadence.recommend(rates, 0.6, 300.0));
    }

    @Test
    void dataThatChangesAtEveryPointIsCollectedAtItsResolutionAndTooLittleDataRecommendsNothing() {
        assertEquals(Duration.ofDays(1), Cadence.recommend(List.of(rate(Duration.ofDays(1), 1, 10, 9)), 0.5, 86_400.0));
        assertNull(Cadence.recommend(List.of(rate(Duration.ofMinutes(5), 1, 0, 0)), 0.5, 300.0));
        assertNull(Cadence.recommend(List.of(), 0.5, 300.0));
        // the share is exactly the bound: still recommended
        assertEquals(Duration.ofMinutes(15), Cadence.recommend(List.of(rate(Duration.ofMinutes(5), 1, 10, 1),
                rate(Duration.ofMinutes(15), 3, 10, 5), rate(Duration.ofMinutes(30), 6, 0, 0)), 0.5, 300.0));
    }

    @Test
    void costExplorerCostsAsTheReadmeTableSays() {
        // one account, costs in one region and global: 6 requests, 4 collections a day, 720 a month: $7.20
        assertEquals(7.20, CollectionFrequency.monthlyCost(6, Duration.ofHours(6)), 1e-9);
        assertEquals(1.80, CollectionFrequency.monthlyCost(6, Duration.ofDays(1)), 1e-9);
        // five regions and global: $12
        assertEquals(12.00, CollectionFrequency.monthlyCost(10, Duration.ofHours(6)), 1e-9);
    }
}
