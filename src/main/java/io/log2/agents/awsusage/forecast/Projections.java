package io.log2.agents.awsusage.forecast;

import io.log2.agents.awsusage.CostProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** The month and quarter projections of an account, as facts for the cycle's rules (the total's model only). */
@ApplicationScoped
public class Projections {

    @Inject
    Forecaster forecaster;

    /**
     * The projections from the account's last day of cost history ({@code ""}: rows without an account); none when
     * its history is too short to forecast from.
     */
    public List<CostProjection> of(String account) {
        Forecast f;
        try {
            f = forecaster.totals(account);
        } catch (ForecastRefusedException e) {
            return List.of();
        }
        List<CostProjection> out = new ArrayList<>();
        String named = account == null || account.isEmpty() ? null : account;
        for (PeriodForecast p : f.total()) {
            int months = p.period().equals(Period.MONTH) ? 1 : p.period().equals(Period.QUARTER) ? 3 : 0;
            if (months > 0) {
                out.add(new CostProjection(named, p.period(), p.label(), p.start(), p.end(), months, p.actual(),
                        p.projected(), p.lower80(), p.upper80(), p.lower95(), p.upper95(), f.model().historyDays(),
                        f.model().rSquared()));
            }
        }
        return out;
    }
}
