package io.log2.agents.awsusage.forecast;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The stored daily cost, all services together: what the forecast learns from, for the console's cost chart. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class DailyCostResource {

    private static final int MAX_DAYS = 366;
    private static final int MAX_ACCOUNT = 64;

    /** The last day with cost, and each day's cost (zero for a day without cost rows), oldest first. */
    public record DailyCosts(String account, LocalDate lastDay, List<Day> days) {
    }

    public record Day(LocalDate day, double amount) {
    }

    @Inject
    CostSeries series;

    /** The {@code days} days (1 to 366, default 60) up to the last day with cost, for one {@code account} or all of them. */
    @GET
    @Path(AwsUsageAgent.NAME + "/costs/daily")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public DailyCosts daily(@QueryParam("account") String account, @QueryParam("days") @DefaultValue("60") String days) {
        if (account != null && (account.isBlank() || account.length() > MAX_ACCOUNT)) {
            throw new InvalidRequestException("account must be 1 to " + MAX_ACCOUNT + " characters", "account");
        }
        int n;
        try {
            n = Integer.parseInt(days);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_DAYS) {
            throw new InvalidRequestException("days must be a whole number from 1 to " + MAX_DAYS + ", not '" + days + "'", "days");
        }
        LocalDate last = series.lastDay(account, null).orElse(null);
        if (last == null) {
            return new DailyCosts(account, null, List.of());
        }
        LocalDate first = last.minusDays(n - 1L);
        TreeMap<LocalDate, Double> byDay = new TreeMap<>();
        series.daily(account, first, last).forEach(d -> byDay.merge(d.day(), d.amount(), Double::sum));
        List<Day> out = new ArrayList<>(n);
        // from the first day with cost within the span: days before the history began are not days of zero cost
        for (LocalDate d = byDay.isEmpty() ? last : byDay.firstKey(); !d.isAfter(last); d = d.plusDays(1)) {
            out.add(new Day(d, byDay.getOrDefault(d, 0.0)));
        }
        return new DailyCosts(account, last, out);
    }
}
