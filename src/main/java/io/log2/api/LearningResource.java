package io.log2.api;

import io.log2.intelligence.Learning;
import io.log2.intelligence.LearningJobs;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.Locale;

/**
 * Learning from an agent's labelled history: every learner runs, and what each finds becomes a proposal. A pass
 * takes seconds to minutes on a long history; a client that says {@code Prefer: respond-async} (RFC 7240) gets
 * {@code 202 Accepted} with the pass's address at once and reads the report there.
 */
@Path("/api/agents/{agent}/learn")
@Produces(MediaType.APPLICATION_JSON)
public class LearningResource {

    @Inject
    Learning learning;
    @Inject
    LearningJobs jobs;

    /** The training scope, all optional: learn only from these resources, only from samples and findings from..to. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RolesAllowed({Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response learn(@PathParam("agent") String agent, Learning.Scope scope, @HeaderParam("Prefer") String prefer,
                          SecurityContext security, UriInfo uri) {
        String user = security.getUserPrincipal().getName();
        if (prefer == null || !prefer.toLowerCase(Locale.ROOT).contains("respond-async")) {
            return Response.ok(learning.learn(agent, scope, user)).build();
        }
        LearningJobs.Job job = jobs.start(agent, scope, user);
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path("jobs").path(String.valueOf(job.id())).build())
                .header("Preference-Applied", "respond-async").build();
    }

    /** A pass started with {@code Prefer: respond-async}: running, done with its report, or failed with the reason. */
    @GET
    @Path("jobs/{id}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public LearningJobs.Job job(@PathParam("agent") String agent, @PathParam("id") long id) {
        return jobs.get(agent, id);
    }
}
