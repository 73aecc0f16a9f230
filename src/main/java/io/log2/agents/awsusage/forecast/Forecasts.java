package io.log2.agents.awsusage.forecast;

import io.log2.agents.awsusage.forecast.CostSeries.ServiceDay;
import io.log2.agents.awsusage.forecast.Forecast.BudgetBreach;
import io.log2.agents.awsusage.forecast.Forecast.ModelQuality;
import io.log2.agents.awsusage.forecast.Forecast.ServiceForecast;
import io.log2.agents.awsusage.forecast.Forecast.SpikeRisk;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes a {@link Forecast} from daily cost per service: one {@link TrendWeekdayModel} for the total and one per
 * service, each fitted to the days from the first with cost to the last. As least squares is linear, the services'
 * forecasts add up to the total's (before a negative day is taken as zero).
 */
public final class Forecasts {

    public static final String MODEL = "ols-trend-weekday";

    private Forecasts() {
    }

    /**
     * @param rows    each service's cost by day, none after {@code lastDay}
     * @param lastDay the last day of history: the forecast starts the day after
     */
    public static Forecast of(String account, List<ServiceDay> rows, LocalDate lastDay, double monthlyBudget,
                              int minDays, double spikeRiskMin) {
        return of(account, rows, lastDay, monthlyBudget, minDays, spikeRiskMin, true);
    }

    /**
     * @param perService whether to fit each service's model too (services and spike risks), or the total's only
     */
    static Forecast of(String account, List<ServiceDay> rows, LocalDate lastDay, double monthlyBudget,
                       int minDays, double spikeRiskMin, boolean perService) {
        LocalDate first = rows.stream().filter(r -> r.amount() != 0).map(ServiceDay::day).min(Comparator.naturalOrder())
                .orElseThrow(() -> new ForecastRefusedException("there is no cost history"
                        + (account != null ? " for account " + account : "") + " up to " + lastDay));
        int days = (int) (lastDay.toEpochDay() - first.toEpochDay()) + 1;
        if (days < minDays) {
            throw new ForecastRefusedException("the cost history" + (account != null ? " of account " + account : "")
                    + " holds " + days + " days (" + first + " to " + lastDay + "); a forecast needs at least " + minDays);
        }
        List<Period> periods = Period.after(lastDay);
        LocalDate seriesStart = periods.stream().map(Period::start).reduce(first, (a, b) -> a.isBefore(b) ? a : b);
        Map<LocalDate, Double> totalByDay = new TreeMap<>();
        Map<String, Map<LocalDate, Double>> byService = new TreeMap<>();
        for (ServiceDay r : rows) {
            totalByDay.merge(r.day(), r.amount(), Double::sum);
            byService.computeIfAbsent(r.service(), s -> new TreeMap<>()).merge(r.day(), r.amount(), Double::sum);
        }
        // The model learns from the first day with cost; the actual cost of a period in progress may reach further back.
        DailySeries total = DailySeries.of(seriesStart, lastDay, totalByDay);
        TrendWeekdayModel totalModel = TrendWeekdayModel.fit(DailySeries.of(first, lastDay, totalByDay));
        List<PeriodForecast> totals = forecasts(periods, total, totalModel, lastDay);

        List<BudgetBreach> breaches = new ArrayList<>();
        for (Period p : periods) {
            if (p.months() > 0) {
                double budget = monthlyBudget * p.months();
                double actual = total.sum(p.start(), lastDay);
                double probability = totalModel.sum(lastDay.plusDays(1), p.end()).probabilityAbove(budget - actual);
                PeriodForecast f = totals.get(periods.indexOf(p));
                breaches.add(new BudgetBreach(p.name(), p.label(), budget, f.projected(), PeriodForecast.round(probability)));
            }
        }

        Period month = periods.stream().filter(p -> p.name().equals(Period.MONTH)).findFirst().orElseThrow();
        double monthMean = total.sum(month.start(), lastDay) + totalModel.sum(lastDay.plusDays(1), month.end()).mean();
        List<ServiceForecast> services = new ArrayList<>();
        List<SpikeRisk> risks = new ArrayList<>();
        (perService ? byService : Map.<String, Map<LocalDate, Double>>of()).forEach((service, amounts) -> {
            DailySeries series = DailySeries.of(seriesStart, lastDay, amounts);
            TrendWeekdayModel model = TrendWeekdayModel.fit(DailySeries.of(first, lastDay, amounts));
            List<PeriodForecast> f = forecasts(periods, series, model, lastDay);
            services.add(new ServiceForecast(service, finite(model.rSquared()), PeriodForecast.round(model.trendPerDay()), f));
            // With every other service at its forecast (least squares is linear: the total's forecast less this
            // one's), the budget leaves this service a headroom; the risk is the chance it spends more than that. A
            // service without headroom is not listed: the others pass the budget without it.
            double actual = series.sum(month.start(), lastDay);
            TrendWeekdayModel.Sum rest = model.sum(lastDay.plusDays(1), month.end());
            double headroom = monthlyBudget - (monthMean - actual - rest.mean());
            double probability = rest.probabilityAbove(headroom - actual);
            if (headroom > 0 && probability >= spikeRiskMin) {
                PeriodForecast m = f.get(periods.indexOf(month));
                risks.add(new SpikeRisk(service, month.label(), m.projected(), m.upper95(), PeriodForecast.round(headroom),
                        PeriodForecast.round(probability), PeriodForecast.round(model.trendPerDay()),
                        PeriodForecast.round(model.residualDeviation())));
            }
        });
        services.sort(Comparator.comparingDouble((ServiceForecast s) -> -s.periods().get(1).projected())
                .thenComparing(ServiceForecast::service));
        risks.sort(Comparator.comparingDouble((SpikeRisk r) -> -r.probability()).thenComparing(SpikeRisk::service));

        int withCost = (int) totalByDay.entrySet().stream()
                .filter(e -> !e.getKey().isBefore(first) && e.getValue() != 0).count();
        ModelQuality quality = new ModelQuality(MODEL, first, lastDay, days, withCost, finite(totalModel.rSquared()),
                PeriodForecast.round(totalModel.residualDeviation()), totalModel.degreesOfFreedom(),
                PeriodForecast.round(totalModel.trendPerDay()), warnings(days, totals));
        return new Forecast(account, lastDay, "USD", monthlyBudget, quality, totals, services, breaches, risks);
    }

    private static List<PeriodForecast> forecasts(List<Period> periods, DailySeries actual, TrendWeekdayModel model,
                                                  LocalDate lastDay) {
        List<PeriodForecast> out = new ArrayList<>();
        for (Period p : periods) {
            LocalDate from = p.start().isAfter(lastDay) ? p.start() : lastDay.plusDays(1);
            out.add(PeriodForecast.of(p, actual.sum(p.start(), lastDay), model.sum(from, p.end())));
        }
        return out;
    }

    private static List<String> warnings(int days, List<PeriodForecast> totals) {
        List<String> out = new ArrayList<>();
        if (days < 28) {
            out.add("only " + days + " days of history: each weekday's level rests on " + (days / 7) + " or "
                    + (days / 7 + 1) + " days");
        }
        for (PeriodForecast f : totals) {
            if (f.forecastDays() > days) {
                out.add("the " + f.period() + " " + f.label() + " needs " + f.forecastDays() + " days forecast, more than the "
                        + days + " days of history: its interval assumes the trend holds that long");
            }
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? PeriodForecast.round(v) : null;
    }
}
