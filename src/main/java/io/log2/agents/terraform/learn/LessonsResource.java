package io.log2.agents.terraform.learn;

import io.log2.agents.terraform.TerraformAgent;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * Proposes rows of the terraform agent's tables from what the aws-usage agent found; the proposal waits for
 * validation and approval like any other. Shares its root with the other agent endpoints (see TerraformResource).
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class LessonsResource {

    @Inject
    AwsUsageLessons lessons;

    @POST
    @Path(TerraformAgent.NAME + "/learn-from/" + AwsUsageLessons.SOURCE)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public AwsUsageLessons.Answer learnFromAwsUsage(@Context SecurityContext security) {
        return lessons.propose(security.getUserPrincipal().getName());
    }
}
