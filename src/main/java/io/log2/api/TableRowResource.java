package io.log2.api;

import io.log2.intelligence.TableRowIndex;
import io.log2.logic.RuleSetService;
import io.log2.logic.VersionStore;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.NoSuchElementException;

/**
 * One row of a version's spreadsheet tables by its Id, its cells by column label: what a finding's rule said when it
 * fired, shown as in the spreadsheet (a browser cannot read a workbook; CSV tables it reads itself).
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class TableRowResource {

    @Inject
    RuleSetService ruleSets;
    @Inject
    VersionStore versions;

    @GET
    @Path("{agent}/versions/{version}/rows/{rowId}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public TableRowIndex.TableRow row(@PathParam("agent") String agent, @PathParam("version") int version,
                                      @PathParam("rowId") String rowId) {
        ruleSets.agent(agent);
        var v = versions.version(agent, version).orElseThrow(() ->
                new NoSuchElementException("agent '" + agent + "' has no version " + version));
        return TableRowIndex.of(versions.files(v.id)).row(rowId).orElseThrow(() ->
                new NoSuchElementException("version " + version + " of agent '" + agent + "' has no spreadsheet row '" + rowId + "'"));
    }
}
