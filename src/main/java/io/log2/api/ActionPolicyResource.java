package io.log2.api;

import io.log2.actions.Policy;
import io.log2.actions.PolicyStore;
import io.log2.actions.PolicyVersion;
import io.log2.actions.ActionsConfig;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.NoSuchElementException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The action policy table: the version in force, its history, each version's CSV, and the admin's upload, refused
 * whole with the line and column of the first bad cell while the running policy stays in force.
 */
@Path("/api/actions/policy")
@Produces(MediaType.APPLICATION_JSON)
public class ActionPolicyResource {

    @Inject
    PolicyStore policies;
    @Inject
    ActionsConfig config;

    /** The version in force ({@code null} before the first) and why the policy file on disk was not taken up, if so. */
    public record PolicyView(PolicyVersion inForce, String content, String file, Refusal fileRefused) {
    }

    public record Refusal(String detail, Integer line, String column, String field) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public PolicyView get() {
        PolicyVersion v = policies.inForce().orElse(null);
        Refusal refusal = policies.fileRefusal().map(e -> new Refusal(e.getMessage(), e.line(), e.column(), e.field())).orElse(null);
        return new PolicyView(v, v == null ? null : v.content(), config.policy(), refusal);
    }

    @GET
    @Path("versions")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<PolicyVersion> versions() {
        return policies.versions();
    }

    @GET
    @Path("versions/{version}/policy.csv")
    @Produces("text/csv")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response csv(@PathParam("version") String version) {
        int n;
        try {
            n = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no action policy version " + version);
        }
        return Response.ok(policies.version(n).content()).type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"policy.csv\"").build();
    }

    /** A new table as the body: CSV ({@code text/csv}) or an XLSX workbook whose first sheet holds it. */
    @PUT
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    public PolicyVersion upload(byte[] body, @QueryParam("reason") String reason, SecurityContext security) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("the body is empty: send the policy table (CSV or XLSX) as the request body", "body");
        }
        if (reason != null && reason.length() > 900) {
            throw new InvalidRequestException("the reason is longer than 900 characters", "reason");
        }
        String user = security.getUserPrincipal() == null ? "unknown" : security.getUserPrincipal().getName();
        return policies.upload(body, user, reason == null || reason.isBlank() ? null : reason.strip());
    }

    @ServerExceptionMapper
    public Response refused(Policy.PolicyException e, UriInfo uri) {
        String inForce = policies.inForce().map(v -> "version " + v.version()).orElse("the empty policy");
        return new Problem("https://log2.io/problems/policy-rejected", "Action policy rejected", 422,
                e.getMessage() + "; the running policy (" + inForce + ") stays in force", uri.getPath())
                .with("file", java.nio.file.Path.of(config.policy()).getFileName().toString())
                .with("line", e.line()).with("column", e.column()).with("field", e.field()).with("where", e.where())
                .toResponse();
    }
}
