package io.log2.api;

import io.log2.catalog.AgentCatalog;
import io.log2.catalog.AgentChange;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;

/** The audit trail of agents made through the API: every creation, disabling, enabling and deletion, newest first. */
@Path("/api/agent-changes")
@Produces(MediaType.APPLICATION_JSON)
public class AgentChangeResource {

    private static final int MAX_LIMIT = 1000;

    public record AgentChangeView(long id, String agent, String action, String detail, String by, Instant at) {
        static AgentChangeView of(AgentChange c) {
            return new AgentChangeView(c.id, c.agent, c.action, c.detail, c.changedBy, c.changedAt);
        }
    }

    @Inject
    AgentCatalog catalog;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<AgentChangeView> changes(@QueryParam("agent") String agent, @QueryParam("limit") String limit) {
        int n = 100;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw new InvalidRequestException("limit is a whole number from 1 to " + MAX_LIMIT, "limit");
            }
        }
        return catalog.changes(agent, n).stream().map(AgentChangeView::of).toList();
    }
}
