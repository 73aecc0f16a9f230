package io.log2.agents.awsusage.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendWeekdayModelTest {

    private static final LocalDate SEP_1 = LocalDate.of(2024, 9, 1);

    /** A series that is exactly a trend plus a weekday pattern is forecast exactly, with intervals of no width. */
    @Test
    void anExactTrendAndWeekdayPatternIsContinuedExactly() {
        // weekday levels Monday..Sunday, as a business week costs more than its weekend
        double[] weekday = {4, 4.5, 5, 5, 4.2, 1, 0.8};
        double[] values = new double[28];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 0.25 * i + weekday[SEP_1.plusDays(i).getDayOfWeek().getValue() - 1];
        }
        TrendWeekdayModel model = TrendWeekdayModel.fit(new DailySeries(SEP_1, values));
        assertEquals(0.25, model.trendPerDay(), 1e-9);
        assertEquals(1.0, model.rSquared(), 1e-12);
        double expectedWeek = 0;
        for (int i = 28; i < 35; i++) {
            expectedWeek += 10 + 0.25 * i + weekday[SEP_1.plusDays(i).getDayOfWeek().getValue() - 1];
        }
        TrendWeekdayModel.Sum week = model.sum(SEP_1.plusDays(28), SEP_1.plusDays(34));
        assertEquals(expectedWeek, week.mean(), 1e-9);
        double[] i95 = week.interval(0.95);
        assertEquals(expectedWeek, i95[0], 1e-6);
        assertEquals(expectedWeek, i95[1], 1e-6);
    }

    /**
     * On the FOCUS sample's 30 real days, the week ahead and its intervals equal an ordinary least squares worked out
     * here by hand: normal equations solved by Gauss-Jordan elimination, and the t quantile of another library.
     */
    @Test
    void theFocusSampleIsForecastAsHandComputedLeastSquaresSays() throws Exception {
        Map<LocalDate, Double> days = FocusDays.total();
        assertEquals(30, days.size(), "the FOCUS sample holds September 2024, every day of it");
        DailySeries series = DailySeries.of(SEP_1, LocalDate.of(2024, 9, 30), days);
        HandOls hand = new HandOls(series);
        double[] byHand = hand.sum(LocalDate.of(2024, 10, 1), LocalDate.of(2024, 10, 7));
        double mean = byHand[0];
        double sd = byHand[1];
        double q80 = hand.q(0.80);
        double q95 = hand.q(0.95);
        double[] beta = hand.beta;
        double s2 = hand.s2;

        TrendWeekdayModel model = TrendWeekdayModel.fit(series);
        assertArrayEquals(beta, model.coefficients(), 1e-9);
        assertEquals(Math.sqrt(s2), model.residualDeviation(), 1e-9);
        TrendWeekdayModel.Sum week = model.sum(LocalDate.of(2024, 10, 1), LocalDate.of(2024, 10, 7));
        assertEquals(mean, week.mean(), 1e-9);
        assertEquals(sd, week.deviation(), 1e-9);
        assertArrayEquals(new double[] {mean - q80 * sd, mean + q80 * sd}, week.interval(0.80), 1e-6);
        assertArrayEquals(new double[] {mean - q95 * sd, mean + q95 * sd}, week.interval(0.95), 1e-6);
        assertEquals(hand.probabilityAbove(byHand, 10), week.probabilityAbove(10), 1e-6);
    }

    /**
     * Over 400 series of a known trend, weekday pattern and Gaussian noise, the 80% and 95% intervals of the next week
     * hold the true sum about that often; and an interval is wider the further ahead its day lies.
     */
    @Test
    void intervalsHoldTheTruthAsOftenAsTheySayAndWidenWithTheHorizon() {
        Random random = new Random(20241);
        int in80 = 0;
        int in95 = 0;
        int trials = 400;
        for (int k = 0; k < trials; k++) {
            double[] values = new double[63];
            for (int i = 0; i < values.length; i++) {
                int dow = SEP_1.plusDays(i).getDayOfWeek().getValue();
                values[i] = 20 + 0.1 * i + (dow >= 6 ? -5 : 0) + 2 * random.nextGaussian();
            }
            TrendWeekdayModel model = TrendWeekdayModel.fit(new DailySeries(SEP_1, java.util.Arrays.copyOf(values, 56)));
            double truth = 0;
            for (int i = 56; i < 63; i++) {
                truth += values[i];
            }
            TrendWeekdayModel.Sum week = model.sum(SEP_1.plusDays(56), SEP_1.plusDays(62));
            double[] i80 = week.interval(0.80);
            double[] i95 = week.interval(0.95);
            in80 += truth >= i80[0] && truth <= i80[1] ? 1 : 0;
            in95 += truth >= i95[0] && truth <= i95[1] ? 1 : 0;
        }
        assertTrue(in80 > 0.74 * trials && in80 < 0.86 * trials, "80% interval held " + in80 + " of " + trials);
        assertTrue(in95 > 0.92 * trials && in95 < 0.98 * trials, "95% interval held " + in95 + " of " + trials);

        TrendWeekdayModel model = TrendWeekdayModel.fit(DailySeries.of(SEP_1, LocalDate.of(2024, 9, 30), Map.of(
                SEP_1, 1.0, SEP_1.plusDays(3), 2.0, SEP_1.plusDays(11), 0.5, SEP_1.plusDays(20), 3.0)));
        double previous = 0;
        for (int ahead = 1; ahead <= 90; ahead += 7) {
            LocalDate day = LocalDate.of(2024, 9, 30).plusDays(ahead);
            double[] i = model.sum(day, day).interval(0.95);
            assertTrue(i[1] - i[0] > previous, "day " + ahead + " ahead: " + (i[1] - i[0]) + " after " + previous);
            previous = i[1] - i[0];
        }
    }

    @Test
    void tooShortAHistoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrendWeekdayModel.fit(new DailySeries(SEP_1, new double[9])));
    }
}
