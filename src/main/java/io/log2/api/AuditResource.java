package io.log2.api;

import io.log2.api.Views.FindingView;
import io.log2.api.Views.FiringView;
import io.log2.api.Views.PageView;
import io.log2.api.Views.RunView;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.AuditQueries;
import io.log2.logs.Firing;
import io.log2.logs.FiringFilter;
import io.log2.logs.Page;
import io.log2.logs.Run;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;

/** The audit API: firings with filters and keyset paging, one firing, one run with its findings and firings. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
public class AuditResource {

    static final int RUN_FIRINGS = 1000;

    @Inject
    AuditQueries queries;

    @GET
    @Path("firings")
    public PageView<FiringView> firings(@QueryParam("agent") String agent, @QueryParam("rule") String rule,
                                        @QueryParam("run") String run, @QueryParam("version") String version,
                                        @QueryParam("resource") String resource, @QueryParam("from") String from,
                                        @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("100") String limit,
                                        @QueryParam("cursor") String cursor) {
        FiringFilter filter = new FiringFilter(agent, rule, run, integer(version, "version"), resource,
                instant(from, "from"), instant(to, "to"));
        Page<Firing> page = queries.firings(filter, integer(limit, "limit"), cursor);
        return new PageView<>(page.items().stream().map(FiringView::of).toList(), page.next());
    }

    @GET
    @Path("firings/{id}")
    public FiringView firing(@PathParam("id") String id) {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no firing " + id);
        }
        return queries.firing(key).map(FiringView::of).orElseThrow(() -> new NoSuchElementException("no firing " + id));
    }

    @GET
    @Path("runs/{id}")
    public RunView run(@PathParam("id") String id) {
        Run run = queries.run(id).orElseThrow(() -> new NoSuchElementException("no run " + id));
        java.util.Map<Integer, Firing> bySeq = queries.firingsRaisingFindings(id);
        List<FindingView> findings = queries.findingsOfRun(id).stream().map(f -> FindingView.of(f, bySeq.get(f.firingSeq))).toList();
        List<FiringView> firings = queries.firingsOfRun(id, RUN_FIRINGS).stream().map(FiringView::of).toList();
        return RunView.of(run, findings, firings, run.firingCount > firings.size());
    }

    private static Integer integer(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number, not '" + value + "'", name);
        }
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
