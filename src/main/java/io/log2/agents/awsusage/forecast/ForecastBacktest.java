package io.log2.agents.awsusage.forecast;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Backtests the forecast on a daily cost series with rolling origins: at every day from the {@code minDays}-th on, the
 * model is fitted to the days up to it and forecasts the sum of the next {@code horizon} days, which the series then
 * tells. The baseline is the seasonal naive forecast: each day costs what the same weekday cost in the last week of
 * history, with intervals from the normal distribution and the variance of the week-on-week changes in the history
 * (a day {@code k} weeks ahead carries {@code k} of them; days taken as independent).
 */
public final class ForecastBacktest {

    private static final double Z80 = 1.2815515655446004;
    private static final double Z95 = 1.959963984540054;

    /** The quality of one method over the origins of one horizon: MAPE in percent, coverage as shares. */
    public record Score(int forecasts, double mape, double coverage80, double coverage95) {
    }

    /** One horizon: {@code origins} forecasts (0 when the series is too short, {@code daysNeeded} says how long it must be). */
    public record Result(int horizon, int daysNeeded, int origins, Score model, Score seasonalNaive) {
    }

    private ForecastBacktest() {
    }

    public static Result run(DailySeries series, int horizon, int minDays) {
        int needed = minDays + horizon;
        Accumulator model = new Accumulator();
        Accumulator naive = new Accumulator();
        int n = series.days();
        for (int origin = minDays - 1; origin + horizon < n; origin++) {
            double actual = 0;
            for (int j = 1; j <= horizon; j++) {
                actual += series.value(origin + j);
            }
            TrendWeekdayModel m = TrendWeekdayModel.fit(series.head(origin + 1));
            TrendWeekdayModel.Sum sum = m.sum(series.day(origin + 1), series.day(origin + horizon));
            double[] i80 = sum.interval(0.80);
            double[] i95 = sum.interval(0.95);
            model.add(actual, Math.max(0, sum.mean()), Math.max(0, i80[0]), Math.max(0, i80[1]), Math.max(0, i95[0]),
                    Math.max(0, i95[1]));

            double forecast = 0;
            double weeks = 0;
            for (int j = 1; j <= horizon; j++) {
                int k = (j + 6) / 7;
                forecast += series.value(origin + j - 7 * k);
                weeks += k;
            }
            double s2 = 0;
            for (int t = 7; t <= origin; t++) {
                double e = series.value(t) - series.value(t - 7);
                s2 += e * e;
            }
            double sd = Math.sqrt(s2 / (origin - 6) * weeks);
            naive.add(actual, Math.max(0, forecast), Math.max(0, forecast - Z80 * sd), forecast + Z80 * sd,
                    Math.max(0, forecast - Z95 * sd), forecast + Z95 * sd);
        }
        return new Result(horizon, needed, model.count, model.score(), naive.score());
    }

    private static final class Accumulator {
        int count;
        int withActual;
        double ape;
        int in80;
        int in95;

        void add(double actual, double forecast, double lower80, double upper80, double lower95, double upper95) {
            count++;
            if (actual != 0) {
                withActual++;
                ape += Math.abs(forecast - actual) / Math.abs(actual);
            }
            in80 += actual >= lower80 && actual <= upper80 ? 1 : 0;
            in95 += actual >= lower95 && actual <= upper95 ? 1 : 0;
        }

        Score score() {
            return count == 0 ? null : new Score(count, withActual == 0 ? Double.NaN : 100 * ape / withActual,
                    (double) in80 / count, (double) in95 / count);
        }
    }

    /** A month-end forecast Cost Explorer gave on {@code recordedOn}, with its 80% interval when given. */
    public record CollectedForecast(java.time.YearMonth month, LocalDate recordedOn, double mean, Double lower, Double upper) {
    }

    /**
     * Cost Explorer's forecast of a month and the model's from the same day (fitted to the days before it), both
     * against the month's actual total: absolute percentage errors, and whether each 80% interval held the total.
     */
    public record AgainstCostExplorer(String month, LocalDate recordedOn, double actual, double costExplorer,
                                      double costExplorerApe, Boolean costExplorerCovered, double model,
                                      double modelApe, boolean modelCovered80) {
    }

    /**
     * Compares each collected forecast whose month the series holds whole, made when at least {@code minDays} of
     * history lay before it.
     */
    public static List<AgainstCostExplorer> againstCostExplorer(DailySeries series, List<CollectedForecast> collected,
                                                                int minDays) {
        List<AgainstCostExplorer> out = new ArrayList<>();
        for (CollectedForecast f : collected) {
            LocalDate start = f.month().atDay(1);
            LocalDate end = f.month().atEndOfMonth();
            int origin = (int) (f.recordedOn().toEpochDay() - series.first().toEpochDay()) - 1;
            if (start.isBefore(series.first()) || end.isAfter(series.last()) || origin + 1 < minDays
                    || f.recordedOn().isAfter(end)) {
                continue;
            }
            double actual = series.sum(start, end);
            LocalDate from = f.recordedOn().isAfter(start) ? f.recordedOn() : start;
            TrendWeekdayModel.Sum rest = TrendWeekdayModel.fit(series.head(origin + 1)).sum(from, end);
            double known = series.sum(start, from.minusDays(1));
            double model = known + Math.max(0, rest.mean());
            double[] i80 = rest.interval(0.80);
            boolean modelCovered = actual >= known + Math.max(0, i80[0]) && actual <= known + Math.max(0, i80[1]);
            Boolean ceCovered = f.lower() == null || f.upper() == null ? null : actual >= f.lower() && actual <= f.upper();
            out.add(new AgainstCostExplorer(f.month().toString(), f.recordedOn(), actual, f.mean(),
                    100 * Math.abs(f.mean() - actual) / Math.abs(actual), ceCovered, model,
                    100 * Math.abs(model - actual) / Math.abs(actual), modelCovered));
        }
        return out;
    }

    /** The horizons of the forecast: a week, a month (30 days) and a quarter (91 days). */
    public static List<Integer> horizons() {
        return new ArrayList<>(List.of(7, 30, 91));
    }
}
