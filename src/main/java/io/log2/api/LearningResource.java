package io.log2.api;

import io.log2.intelligence.Learning;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Learning from an agent's labelled history: every learner runs, and what each finds becomes a proposal. */
@Path("/api/agents/{agent}/learn")
@Produces(MediaType.APPLICATION_JSON)
public class LearningResource {

    @Inject
    Learning learning;

    /** The training scope, all optional: learn only from these resources, only from samples and findings from..to. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
    @RolesAllowed({Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Learning.Report learn(@PathParam("agent") String agent, Learning.Scope scope, SecurityContext security) {
        return learning.learn(agent, scope, security.getUserPrincipal().getName());
    }
}
