package io.log2.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.api.Views.AgentView;
import io.log2.api.Views.VersionView;
import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.catalog.AgentCatalog;
import io.log2.logic.Agent;
import io.log2.logic.DeclaredFactReader;
import io.log2.logic.FileChange;
import io.log2.logic.RuleFileName;
import io.log2.logic.RulesConfig;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetService;
import io.log2.logic.RuleSetVersion;
import io.log2.logic.VersionStore;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/** Agents: their state, their rule-set versions, uploads of rule files, and runs. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AgentResource {

    /** The body of a run: the facts, each an object with its {@code type}. */
    public record RunRequest(List<JsonNode> facts) {
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    VersionStore versions;
    @Inject
    RunService runs;
    @Inject
    RulesConfig rules;
    @Inject
    ProposalService proposals;
    @Inject
    AgentCatalog catalog;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<AgentView> list() {
        return ruleSets.agents().stream().map(a -> view(a.name())).toList();
    }

    @GET
    @Path("{agent}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public AgentView get(@PathParam("agent") String agent) {
        return view(agent);
    }

    /** Creates an agent from DRL that declares its fact types ({@code custom}) or from a plug-in agent's template. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response create(AgentCatalog.NewAgent request, SecurityContext security) {
        RuleSet rs = catalog.create(request, security.getUserPrincipal().getName());
        AgentCatalog.Defined defined = catalog.defined().stream().filter(d -> d.name().equals(rs.agent())).findFirst()
                .orElseThrow();
        return Response.created(java.net.URI.create("/api/agents/" + rs.agent()))
                .entity(new CreatedAgentView(defined, view(rs.agent()))).build();
    }

    /** An agent made through the API: how it was made and whether it runs, with its state as {@code GET} shows it. */
    public record CreatedAgentView(String name, String template, boolean enabled, String createdBy, java.time.Instant createdAt,
                                   AgentView agent) {
        CreatedAgentView(AgentCatalog.Defined d, AgentView agent) {
            this(d.name(), d.template(), d.enabled(), d.createdBy(), d.createdAt(), agent);
        }
    }

    @POST
    @Path("{agent}/disable")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public CreatedAgentView disable(@PathParam("agent") String agent, SecurityContext security) {
        return new CreatedAgentView(catalog.setEnabled(agent, false, security.getUserPrincipal().getName()), view(agent));
    }

    @POST
    @Path("{agent}/enable")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public CreatedAgentView enable(@PathParam("agent") String agent, SecurityContext security) {
        return new CreatedAgentView(catalog.setEnabled(agent, true, security.getUserPrincipal().getName()), view(agent));
    }

    /** What a deletion did: whether the agent's logs were kept, and the rows removed when they were purged. */
    public record DeletedAgentView(String name, boolean logsKept, Map<String, Integer> purged) {
    }

    @DELETE
    @Path("{agent}")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public DeletedAgentView delete(@PathParam("agent") String agent, @QueryParam("purge") String purge,
                                   SecurityContext security) {
        if (purge != null && !purge.equals("true") && !purge.equals("false")) {
            throw new InvalidRequestException("purge is true (remove the agent's runs, firings, findings and versions) "
                    + "or false (keep them, the default)", "purge");
        }
        boolean purgeLogs = "true".equals(purge);
        return new DeletedAgentView(agent, !purgeLogs, catalog.delete(agent, purgeLogs, security.getUserPrincipal().getName()));
    }

    @GET
    @Path("{agent}/versions")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<VersionView> versions(@PathParam("agent") String agent) {
        ruleSets.agent(agent);
        Integer active = ruleSets.activeIfAny(agent).map(RuleSet::version).orElse(null);
        return versions.history(agent).stream().map(v -> versionView(v, active)).toList();
    }

    @GET
    @Path("{agent}/versions/{version}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public VersionView version(@PathParam("agent") String agent, @PathParam("version") int version) {
        ruleSets.agent(agent);
        Integer active = ruleSets.activeIfAny(agent).map(RuleSet::version).orElse(null);
        return versionView(versions.stored(agent, version), active);
    }

    @GET
    @Path("{agent}/versions/{version}/files/{name}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response versionFile(@PathParam("agent") String agent, @PathParam("version") int version,
                                @PathParam("name") String name) {
        ruleSets.agent(agent);
        RuleSetVersion v = versions.stored(agent, version);
        return versions.files(v.id).stream().filter(f -> f.name().equals(name)).findFirst()
                .map(f -> Response.ok(f.content()).header("Content-Disposition", "attachment; filename=\"" + f.name() + "\"").build())
                .orElseThrow(() -> new NoSuchElementException("version " + version + " of agent '" + agent + "' has no file '" + name + "'"));
    }

    @PUT
    @Path("{agent}/files/{name}")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public Response upload(@PathParam("agent") String agent, @PathParam("name") String name, byte[] body,
                           SecurityContext security) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("the body is empty: send the file's bytes as the request body", "body");
        }
        String user = security.getUserPrincipal().getName();
        if (rules.requireApproval()) {
            // the upload waits for an approver as a proposal of the file; nothing is written or activated yet
            RuleFileName.checkUpload(name);
            ruleSets.agent(agent);
            Proposal p = proposals.proposeFiles(agent, List.of(new FileChange(name, body)), "upload", user);
            return Response.accepted(ProposalView.of(proposals, p)).header("Location", ProposalView.link(p)).build();
        }
        RuleSet rs = ruleSets.upload(agent, name, body, user);
        return Response.ok(versionView(versions.stored(agent, rs.version()), rs.version())).build();
    }

    /** Why a stored version is activated again: recorded on the version this makes. */
    public record ActivationRequest(String reason) {
    }

    @POST
    @Path("{agent}/versions/{version}/activate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
    public VersionView activate(@PathParam("agent") String agent, @PathParam("version") int version,
                                ActivationRequest request, SecurityContext security) {
        ruleSets.agent(agent);
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new InvalidRequestException("say why in \"reason\": it is recorded on the version", "/reason");
        }
        if (request.reason().indexOf('\0') >= 0) {
            throw new InvalidRequestException("the reason holds a NUL character, which cannot be stored", "/reason");
        }
        if (request.reason().length() > 900) {
            throw new InvalidRequestException("the reason is longer than 900 characters", "/reason");
        }
        RuleSet rs = ruleSets.activateStored(agent, version, security.getUserPrincipal().getName(), request.reason().strip());
        return versionView(versions.stored(agent, rs.version()), rs.version());
    }

    @POST
    @Path("{agent}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public RunResult run(@PathParam("agent") String agent, RunRequest request) {
        if (request == null || request.facts() == null) {
            throw new InvalidRequestException("the body needs a \"facts\" array", "/facts");
        }
        return runs.runJson(agent, request.facts());
    }


    private AgentView view(String name) {
        Agent agent = ruleSets.agent(name);
        Map<String, List<String>> factTypes = new TreeMap<>();
        agent.factTypes().forEach((type, cls) -> factTypes.put(type,
                Arrays.stream(cls.getRecordComponents()).map(c -> c.getName()).toList()));
        RuleSet active = ruleSets.activeIfAny(name).orElse(null);
        if (agent.declaresFactTypes() && active != null) {
            DeclaredFactReader.describe(active.compiled().kieBase()).forEach((type, fields) -> factTypes.put(type,
                    fields.entrySet().stream().map(f -> f.getKey() + ": " + f.getValue()).toList()));
        }
        VersionView activeView = active == null ? null
                : versions.version(name, active.version()).map(v -> versionView(v, active.version())).orElse(null);
        return new AgentView(name, ruleSets.folder(name).dir().toString(), factTypes, activeView,
                active == null ? null : active.compiled().rules().size(), ruleSets.lastRejected(name).orElse(null));
    }

    private VersionView versionView(RuleSetVersion v, Integer active) {
        return new VersionView(v.seq, v.contentHash, v.source, v.reason, v.createdBy, v.createdAt,
                active != null && active == v.seq, versions.fileNames(v.id));
    }
}
