package io.log2.agents.awsusage.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ForecastBacktestTest {

    private static final LocalDate SEP_1 = LocalDate.of(2024, 9, 1);

    /**
     * On a series that is exactly a trend plus a weekday pattern the model is never wrong, while the seasonal naive
     * forecast misses each day by the trend over the weeks it reaches back: b·7·k for a day k weeks ahead.
     */
    @Test
    void onAnExactSeriesTheModelIsExactAndTheNaiveMissesByTheTrend() {
        double[] weekday = {4, 4.5, 5, 5, 4.2, 1, 0.8};
        double[] values = new double[42];
        for (int i = 0; i < values.length; i++) {
            values[i] = 10 + 0.5 * i + weekday[SEP_1.plusDays(i).getDayOfWeek().getValue() - 1];
        }
        DailySeries series = new DailySeries(SEP_1, values);
        ForecastBacktest.Result r = ForecastBacktest.run(series, 7, 14);
        assertEquals(42 - 14 - 7 + 1, r.origins());
        assertEquals(0, r.model().mape(), 1e-9);
        double ape = 0;
        for (int origin = 13; origin + 7 < 42; origin++) {
            double actual = 0;
            for (int j = 1; j <= 7; j++) {
                actual += values[origin + j];
            }
            ape += (7 * 0.5 * 7) / actual; // every day of the week ahead reaches one week back: 7 days × b × 7
        }
        assertEquals(100 * ape / r.origins(), r.seasonalNaive().mape(), 1e-9);
        ForecastBacktest.Result month = ForecastBacktest.run(series, 30, 14);
        assertEquals(0, month.origins());
        assertNull(month.model());
    }

    /**
     * Cost Explorer's forecast of September made on the 20th, and the model's from the same day fitted to the 19 days
     * before, both against the FOCUS sample's September total, by hand.
     */
    @Test
    void aCollectedCostExplorerForecastIsComparedWithTheModelFromTheSameDay() throws Exception {
        DailySeries september = DailySeries.of(SEP_1, LocalDate.of(2024, 9, 30), FocusDays.total());
        LocalDate recorded = LocalDate.of(2024, 9, 20);
        var rows = ForecastBacktest.againstCostExplorer(september, java.util.List.of(
                new ForecastBacktest.CollectedForecast(java.time.YearMonth.of(2024, 9), recorded, 25.0, 20.0, 30.0),
                // a month the history does not hold whole is left out
                new ForecastBacktest.CollectedForecast(java.time.YearMonth.of(2024, 10), recorded, 25.0, null, null)), 14);
        assertEquals(1, rows.size());
        double actual = september.total();
        HandOls hand = new HandOls(september.head(19));
        double[] rest = hand.sum(recorded, LocalDate.of(2024, 9, 30));
        double known = september.sum(SEP_1, recorded.minusDays(1));
        double model = known + Math.max(0, rest[0]);
        ForecastBacktest.AgainstCostExplorer row = rows.get(0);
        assertEquals(actual, row.actual(), 1e-9);
        assertEquals(100 * Math.abs(25.0 - actual) / actual, row.costExplorerApe(), 1e-9);
        assertEquals(actual >= 20 && actual <= 30, row.costExplorerCovered());
        assertEquals(model, row.model(), 1e-9);
        assertEquals(100 * Math.abs(model - actual) / actual, row.modelApe(), 1e-9);
        double lower = known + Math.max(0, rest[0] - hand.q(0.8) * rest[1]);
        double upper = known + Math.max(0, rest[0] + hand.q(0.8) * rest[1]);
        assertEquals(actual >= lower && actual <= upper, row.modelCovered80());
    }

    /** The command on the FOCUS sample: a week can be backtested over 10 origins; a month and a quarter cannot. */
    @Test
    void theCommandSaysWhichHorizonsTheFocusSampleAllows() throws URISyntaxException {
        Path focus = Path.of(getClass().getClassLoader().getResource(FocusDays.FILE).toURI());
        Path empty = Path.of(getClass().getClassLoader().getResource("data/cur/empty_frame.csv").toURI());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = ForecastBacktestCommand.run(new String[] {focus.toString(), empty.toString()},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        assertTrue(out.contains("30 days (2024-09-01 to 2024-09-30)"), out);
        assertTrue(out.matches("(?s).*\\n\\s+7 d\\s+10\\s+\\d+\\.\\d% / .*"), out);
        assertTrue(out.contains(" 30 d    too short: needs 44 days"), out);
        assertTrue(out.contains(" 91 d    too short: needs 105 days"), out);
        assertTrue(out.contains("empty_frame.csv: no cost rows"), out);
    }
}
