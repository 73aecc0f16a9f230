package io.log2.api;

import io.log2.insights.strategy.MonitoringStrategy;
import io.log2.insights.strategy.MonitoringStrategy.Strategy;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** An agent's monitoring strategy over a span of its facts' time: rule effectiveness, gaps, collection pace, thresholds. */
@Path("/api/agents/{agent}/strategy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
public class StrategyResource {

    @Inject
    MonitoringStrategy strategy;

    @GET
    public Strategy strategy(@PathParam("agent") String agent, @QueryParam("from") String from,
                             @QueryParam("to") String to) throws SQLException {
        return strategy.of(agent, instant(from, "from"), instant(to, "to"));
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, not '"
                    + value + "'", name);
        }
    }
}
