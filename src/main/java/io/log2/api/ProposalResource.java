package io.log2.api;

import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.intelligence.proposal.ProposalService.NewProposal;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.NoSuchElementException;

/** Proposals of row changes to an agent's decision tables: make, list, show, approve, reject. */
@Path("/api/agents/{agent}/proposals")
@Produces(MediaType.APPLICATION_JSON)
public class ProposalResource {

    /** An approver's decision and why. */
    public record Decision(String reason) {
    }

    @Inject
    ProposalService proposals;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response propose(@PathParam("agent") String agent, NewProposal request, SecurityContext security) {
        Proposal p = proposals.propose(agent, request, security.getUserPrincipal().getName());
        return Response.status(201).entity(view(p)).header("Location", ProposalView.link(p)).build();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<ProposalView> list(@PathParam("agent") String agent, @QueryParam("state") String state) {
        return proposals.proposals(agent, state).stream().map(this::summary).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public ProposalView get(@PathParam("agent") String agent, @PathParam("id") long id) {
        return view(of(agent, id));
    }

    /** A file a proposal of files proposes, as it was uploaded or saved in the rules folder. */
    @GET
    @Path("{id}/files/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response file(@PathParam("agent") String agent, @PathParam("id") long id, @PathParam("name") String name) {
        Proposal p = of(agent, id);
        return proposals.files(p).stream().filter(f -> f.name().equals(name) && !f.removes()).findFirst()
                .map(f -> Response.ok(f.content()).header("Content-Disposition", "attachment; filename=\"" + f.name() + "\"").build())
                .orElseThrow(() -> new NoSuchElementException("proposal " + id + " proposes no file '" + name + "'"));
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public ProposalView approve(@PathParam("agent") String agent, @PathParam("id") long id, Decision decision,
                                SecurityContext security) {
        of(agent, id);
        return view(proposals.approve(id, security.getUserPrincipal().getName(), reason(decision, false)));
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public ProposalView reject(@PathParam("agent") String agent, @PathParam("id") long id, Decision decision,
                               SecurityContext security) {
        of(agent, id);
        return view(proposals.reject(id, security.getUserPrincipal().getName(), reason(decision, true)));
    }

    private Proposal of(String agent, long id) {
        Proposal p = proposals.proposal(id);
        if (!p.agent.equals(agent)) {
            throw new NoSuchElementException("agent '" + agent + "' has no proposal " + id);
        }
        return p;
    }

    private static String reason(Decision decision, boolean required) {
        String reason = decision == null || decision.reason() == null ? null : decision.reason().strip();
        if (required && (reason == null || reason.isEmpty())) {
            throw new InvalidRequestException("say why in \"reason\": it is recorded on the proposal", "/reason");
        }
        if (reason != null && (reason.length() > 1000 || reason.indexOf('\0') >= 0)) {
            throw new InvalidRequestException("the reason must be at most 1000 characters, without NUL", "/reason");
        }
        return reason;
    }

    private ProposalView summary(Proposal p) {
        return ProposalView.of(p, null, null, null, null, List.of());
    }

    private ProposalView view(Proposal p) {
        return ProposalView.of(proposals, p);
    }
}
