package io.log2.agents.awsusage.forecast;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.api.Problem;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The aws-usage agent's cost forecast. Shares its root with the other agent endpoints (see AwsUsageResource). */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {

    private static final int MAX_ACCOUNT = 64;

    @Inject
    Forecaster forecaster;

    /**
     * The week, month and quarter after the last day of cost history ({@code asOf}: a day of your choice), for one
     * {@code account} or all, against a monthly {@code budget} in USD.
     */
    @GET
    @Path(AwsUsageAgent.NAME + "/forecast")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Forecast forecast(@QueryParam("account") String account, @QueryParam("asOf") String asOf,
                             @QueryParam("budget") String budget) {
        if (account != null && (account.isBlank() || account.length() > MAX_ACCOUNT)) {
            throw new InvalidRequestException("account must be 1 to " + MAX_ACCOUNT + " characters", "account");
        }
        return forecaster.forecast(account, day(asOf), amount(budget));
    }

    /**
     * The model backtested on the stored history up to {@code asOf} with rolling origins, against the seasonal naive
     * forecast and, for one {@code account}, against Cost Explorer's forecasts collected for it.
     */
    @GET
    @Path(AwsUsageAgent.NAME + "/forecast/backtest")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Forecaster.Backtest backtest(@QueryParam("account") String account, @QueryParam("asOf") String asOf) {
        if (account != null && (account.isBlank() || account.length() > MAX_ACCOUNT)) {
            throw new InvalidRequestException("account must be 1 to " + MAX_ACCOUNT + " characters", "account");
        }
        return forecaster.backtest(account, day(asOf));
    }

    private static LocalDate day(String asOf) {
        if (asOf == null) {
            return null;
        }
        try {
            return LocalDate.parse(asOf);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("asOf must be a day as 2026-11-30, not '" + asOf + "'", "asOf");
        }
    }

    private static Double amount(String budget) {
        if (budget == null) {
            return null;
        }
        double b;
        try {
            b = Double.parseDouble(budget);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("budget must be a number of USD, not '" + budget + "'", "budget");
        }
        if (!Double.isFinite(b) || b <= 0) {
            throw new InvalidRequestException("budget must be a positive number of USD, not '" + budget + "'", "budget");
        }
        return b;
    }

    @ServerExceptionMapper
    public Response refused(ForecastRefusedException e, UriInfo uri) {
        return new Problem("https://log2.io/problems/forecast-refused", "Forecast refused", 422, e.getMessage(),
                uri.getPath()).toResponse();
    }
}
