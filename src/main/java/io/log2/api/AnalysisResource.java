package io.log2.api;

import io.log2.insights.analysis.LogAnalysis.Analysis;
import io.log2.insights.analysis.LogAnalysisService;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The log analysis of an agent: patterns, performance, errors and success of its rules over a span of time. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
public class AnalysisResource {

    @Inject
    LogAnalysisService analysis;

    /** {@code from} and {@code to} are ISO-8601 instants; by default the last 30 days. */
    @GET
    @Path("{agent}/analysis")
    public Analysis analysis(@PathParam("agent") String agent, @QueryParam("from") String from,
                             @QueryParam("to") String to) {
        return analysis.analyse(agent, from, to);
    }
}
