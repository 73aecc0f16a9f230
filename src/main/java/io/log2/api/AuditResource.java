package io.log2.api;

import io.log2.api.Views.FindingView;
import io.log2.api.Views.FiringView;
import io.log2.api.Views.PageView;
import io.log2.api.Views.RunView;
import io.log2.logic.InstantParameter;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.AuditQueries.LinkedFinding;
import io.log2.logs.AuditQueries;
import io.log2.logs.FeedbackService;
import io.log2.logs.FindingCounts;
import io.log2.logs.FindingFeedback;
import io.log2.logs.FindingFilter;
import io.log2.logs.Firing;
import io.log2.logs.FiringFilter;
import io.log2.logs.Page;
import io.log2.logs.RelatedEvents;
import io.log2.logs.Run;
import io.log2.logs.RunFinding;
import io.log2.logs.RunService;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The audit API: firings and findings with filters and keyset paging, one firing, one finding, one run with its
 * findings and firings.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
public class AuditResource {

    @Inject
    FindingCounts counts;
    @Inject
    AuditQueries queries;
    @Inject
    FeedbackService feedback;
    @Inject
    RelatedEvents related;

    @GET
    @Path("firings")
    public PageView<FiringView> firings(@QueryParam("agent") String agent, @QueryParam("rule") String rule,
                                        @QueryParam("run") String run, @QueryParam("version") String version,
                                        @QueryParam("resource") String resource, @QueryParam("from") String from,
                                        @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("100") String limit,
                                        @QueryParam("cursor") String cursor) {
        FiringFilter filter = new FiringFilter(agent, rule, run, integer(version, "version"), resource,
                InstantParameter.parse(from, "from"), InstantParameter.parse(to, "to"));
        Page<Firing> page = queries.firings(filter, integer(limit, "limit"), cursor);
        return new PageView<>(withLabels(page.items()), page.next());
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
        Firing firing = queries.firing(key).orElseThrow(() -> new NoSuchElementException("no firing " + id));
        return withLabels(List.of(firing)).get(0);
    }

    /** A run with the first {@code limit} findings it touched and firings it logged, and links to the rest. */
    @GET
    @Path("runs/{id}")
    public RunView run(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("1000") String limit) {
        int max = limit(limit);
        Run run = queries.run(id).orElseThrow(() -> new NoSuchElementException("no run " + id));
        Page<RunFinding> findings = queries.findingsOfRun(id, max, null);
        List<FiringView> firings = withLabels(queries.firingsOfRun(id, max));
        return RunView.of(run, findings, findings.next() == null ? null : RunService.moreFindings(id, findings.items().size()),
                firings, run.firingCount > firings.size());
    }

    /** The findings a run opened, updated or resolved, in the order it touched them; {@code next} pages on. */
    @GET
    @Path("runs/{id}/findings")
    public PageView<RunFinding> runFindings(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") String limit,
                                            @QueryParam("cursor") String cursor) {
        int max = limit(limit);
        queries.run(id).orElseThrow(() -> new NoSuchElementException("no run " + id));
        Page<RunFinding> page = queries.findingsOfRun(id, max, cursor);
        return new PageView<>(page.items(), page.next());
    }

    /**
     * Findings newest first (by id), filtered by agent, state ({@code open}, {@code resolved}), severity, category,
     * rule, resource and label ({@code useful}, {@code noise}, {@code expected}, {@code none}); {@code from} keeps
     * those last seen at or after it, {@code to} those first seen before it.
     */
    @GET
    @Path("findings")
    public PageView<FindingView> findings(@QueryParam("agent") String agent, @QueryParam("state") String state,
                                          @QueryParam("severity") String severity, @QueryParam("category") String category,
                                          @QueryParam("rule") String rule, @QueryParam("resource") String resource,
                                          @QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("label") String label,
                                          @QueryParam("limit") @DefaultValue("100") String limit,
                                          @QueryParam("cursor") String cursor) {
        FindingFilter filter = new FindingFilter(agent, state, severity, category, rule, resource, InstantParameter.parse(from, "from"),
                InstantParameter.parse(to, "to"), label == null || label.isBlank() ? null : label.trim());
        Page<LinkedFinding> page = queries.findings(filter, limit(limit), cursor);
        return new PageView<>(page.items().stream().map(FindingView::of).toList(), page.next());
    }

    /**
     * How many findings match the filters of {@link #findings}, grouped by one to three fields ({@code by}, repeated or comma-separated: agent,
     * state, severity, category, rule, resource, label), largest group first.
     */
    @GET
    @Path("findings/counts")
    public FindingCounts.Counts findingCounts(@QueryParam("by") List<String> by, @QueryParam("agent") String agent,
                                              @QueryParam("state") String state, @QueryParam("severity") String severity,
                                              @QueryParam("category") String category, @QueryParam("rule") String rule,
                                              @QueryParam("resource") String resource, @QueryParam("from") String from,
                                              @QueryParam("to") String to, @QueryParam("label") String label) {
        FindingFilter filter = new FindingFilter(agent, state, severity, category, rule, resource, InstantParameter.parse(from, "from"),
                InstantParameter.parse(to, "to"), label == null || label.isBlank() ? null : label.trim());
        // by=severity&by=category or by=severity,category
        List<String> fields = by == null ? List.of() : by.stream().flatMap(b -> Arrays.stream(b.split(",")))
                .map(String::strip).filter(b -> !b.isEmpty()).toList();
        return counts.count(filter, fields);
    }

    @GET
    @Path("findings/{id}")
    public FindingView finding(@PathParam("id") String id) {
        long key;
        try {
            key = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no finding " + id);
        }
        return queries.finding(key).map(l -> FindingView.of(l, related.of(l.finding()))).orElseThrow(() -> new NoSuchElementException("no finding " + id));
    }

    /** Firings with the label of the finding each reported to. */
    private List<FiringView> withLabels(List<Firing> firings) {
        Map<Long, FindingFeedback> labels = feedback.current(firings.stream().map(f -> f.findingId)
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet()));
        return firings.stream().map(f -> FiringView.of(f, f.findingId == null ? null : labels.get(f.findingId))).toList();
    }

    private static int limit(String value) {
        Integer limit = integer(value, "limit");
        if (limit == null || limit < 1 || limit > AuditQueries.MAX_LIMIT) {
            throw new InvalidRequestException("limit must be between 1 and " + AuditQueries.MAX_LIMIT, "limit");
        }
        return limit;
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
}
