package io.log2.api;

import io.log2.actions.ActionEntry;
import io.log2.actions.ActionFilter;
import io.log2.actions.ActionLog;
import io.log2.actions.ActionService;
import io.log2.api.Views.PageView;
import io.log2.logic.InstantParameter;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.AuditQueries;
import io.log2.logs.Page;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.NoSuchElementException;

/**
 * The action log with the audit API's filters and keyset paging, the approver's decision, the admin's undo and the
 * kill switch.
 */
@Path("/api/actions")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    @Inject
    ActionService actions;
    @Inject
    ActionLog log;

    public record Status(boolean enabled, boolean paused) {
    }

    /** Actions newest first, filtered by action, state, decision, account, resource, rule and the time raised. */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public PageView<ActionEntry> list(@QueryParam("action") String action, @QueryParam("state") String state,
                                      @QueryParam("decision") String decision, @QueryParam("account") String account,
                                      @QueryParam("resource") String resource, @QueryParam("rule") String rule,
                                      @QueryParam("from") String from, @QueryParam("to") String to,
                                      @QueryParam("limit") @DefaultValue("100") String limit,
                                      @QueryParam("cursor") String cursor) {
        ActionFilter filter = new ActionFilter(action, state, decision, account, resource, rule,
                InstantParameter.parse(from, "from"), InstantParameter.parse(to, "to"));
        Page<ActionEntry> page = log.page(filter, limit(limit), cursor);
        return new PageView<>(page.items(), page.next());
    }

    @GET
    @Path("status")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Status status() {
        return new Status(actions.enabled(), actions.paused());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public ActionEntry one(@PathParam("id") String id) {
        return actions.get(id(id));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public ActionEntry approve(@PathParam("id") String id, SecurityContext security) {
        return actions.approve(id(id), user(security));
    }

    @POST
    @Path("{id}/reject")
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public ActionEntry reject(@PathParam("id") String id, SecurityContext security) {
        return actions.reject(id(id), user(security));
    }

    @POST
    @Path("{id}/undo")
    @RolesAllowed(Roles.ADMIN)
    public ActionEntry undo(@PathParam("id") String id, SecurityContext security) {
        return actions.undo(id(id), user(security));
    }

    /** The kill switch: no action is executed until resumed. */
    @POST
    @Path("pause")
    @RolesAllowed(Roles.ADMIN)
    public Status pause(SecurityContext security) {
        actions.pause(user(security));
        return status();
    }

    @POST
    @Path("resume")
    @RolesAllowed(Roles.ADMIN)
    public Status resume(SecurityContext security) {
        actions.resume(user(security));
        return status();
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no action " + id);
        }
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
    }

    private static int limit(String value) {
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit must be a whole number, not '" + value + "'", "limit");
        }
        if (limit < 1 || limit > AuditQueries.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + AuditQueries.MAX_LIMIT, "limit");
        }
        return limit;
    }
}
