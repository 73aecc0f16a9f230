package io.log2.agents.terraform;

import io.log2.agents.terraform.imports.PlanImports;
import io.log2.agents.terraform.imports.PlanImports.PlanRun;
import io.log2.api.BodyLimit;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The terraform agent's endpoint: a plan uploaded is checked in one run of the agent's rules. */
/** Shares its root with the core agent endpoints; JAX-RS does not look past the first root path that matches. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class TerraformResource {

    @Inject
    PlanImports imports;

    /** Checks the plan sent as the multipart field {@code file} ({@code terraform show -json <planfile>}). */
    @POST
    @Path(TerraformAgent.NAME + "/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @BodyLimit(setting = "log2.imports.max-bytes", allowance = 64 * 1024)
    public PlanRun importPlan(@RestForm("file") FileUpload file) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidRequestException("send the plan (terraform show -json <planfile>) as the multipart field 'file'", "file");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return imports.check(file.fileName(), in);
        }
    }
}
