package io.log2.api;

import io.log2.insights.strategy.MonitoringStrategy;
import io.log2.insights.strategy.MonitoringStrategy.Strategy;
import io.log2.logic.InstantParameter;
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
        return strategy.of(agent, InstantParameter.parse(from, "from"), InstantParameter.parse(to, "to"));
    }
}
