package io.log2.api;

import io.log2.intelligence.VersionDiff;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleSetService;
import io.log2.logic.RuleSetVersion;
import io.log2.logic.VersionStore;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A stored version's files as one zip, and what changed between two stored versions (the console's Rules page). */
@Path("/api/agents")
public class VersionFilesResource {

    /** Two versions compared: {@code from}, {@code to} and their files' differences. */
    public record VersionDiffView(String agent, int from, int to, List<VersionDiff.FileDiff> files) {
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    VersionStore versions;

    @GET
    @Path("{agent}/versions/{version}/files.zip")
    @Produces("application/zip")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response zip(@PathParam("agent") String agent, @PathParam("version") int version) {
        ruleSets.agent(agent);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (RuleFile f : versions.files(versions.stored(agent, version).id)) {
                zip.putNextEntry(new ZipEntry(f.name()));
                zip.write(f.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(bytes.toByteArray())
                .header("Content-Disposition", "attachment; filename=\"" + agent + "-v" + version + ".zip\"").build();
    }

    @GET
    @Path("{agent}/versions/{version}/diff")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public VersionDiffView diff(@PathParam("agent") String agent, @PathParam("version") int version,
                                @QueryParam("from") Integer from) {
        ruleSets.agent(agent);
        if (from == null) {
            throw new InvalidRequestException("name the version to compare with in \"from\"", "from");
        }
        RuleSetVersion to = versions.stored(agent, version);
        RuleSetVersion was = versions.stored(agent, from);
        return new VersionDiffView(agent, from, version, VersionDiff.between(versions.files(was.id), versions.files(to.id)));
    }

}
