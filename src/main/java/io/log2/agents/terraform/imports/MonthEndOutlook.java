package io.log2.agents.terraform.imports;

import io.log2.agents.awsusage.forecast.Forecast;
import io.log2.agents.awsusage.forecast.ForecastRefusedException;
import io.log2.agents.awsusage.forecast.Forecaster;
import io.log2.agents.awsusage.forecast.Period;
import io.log2.agents.awsusage.forecast.PeriodForecast;
import io.log2.agents.terraform.BudgetOutlook;
import io.log2.agents.terraform.PlanCost;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Holds a plan's cost against the aws-usage agent's forecast of the month: its projected month end and monthly
 * budget. Without enough cost history there is no forecast, and no outlook: the plan's other checks still run.
 */
@ApplicationScoped
public class MonthEndOutlook {

    private static final Logger LOG = Logger.getLogger(MonthEndOutlook.class);

    @Inject
    Forecaster forecaster;

    public Optional<BudgetOutlook> of(PlanCost cost) {
        Forecast forecast;
        try {
            forecast = forecaster.totals(null);
        } catch (ForecastRefusedException e) {
            LOG.debugf("plan %s: no month-end outlook: %s", cost.resource(), e.getMessage());
            return Optional.empty();
        }
        return forecast.total().stream().filter(p -> Period.MONTH.equals(p.period())).findFirst()
                .map(month -> outlook(cost, month, forecast.monthlyBudget()));
    }

    /**
     * The increase counts for the month's days the forecast still runs: a resource created now costs this month only
     * from now on.
     */
    public static BudgetOutlook outlook(PlanCost cost, PeriodForecast month, double budget) {
        int days = (int) ChronoUnit.DAYS.between(month.start(), month.end()) + 1;
        double added = round(cost.monthlyIncrease() * month.forecastDays() / days);
        return new BudgetOutlook(cost.resource(), month.label(), month.projected(), budget, cost.monthlyIncrease(),
                month.forecastDays(), days, added, round(month.projected() + added));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
