package io.log2.agents.ansible;

import io.log2.agents.ansible.durations.DurationProposals;
import io.log2.agents.ansible.history.RunHistory;
import io.log2.agents.ansible.history.RunHistory.StoredRun;
import io.log2.agents.ansible.imports.AnsibleImportService;
import io.log2.agents.ansible.imports.AnsibleImportService.ImportAnswer;
import io.log2.api.BodyLimit;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The ansible agent's own endpoints: imports of playbook results (each one run of its rules), the stored runs, and
 * slow-task thresholds proposed from the stored durations. Shares its root with the core agent endpoints, as
 * JAX-RS looks no further than the first root path that matches.
 */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AnsibleResource {

    @Inject
    AnsibleImportService imports;
    @Inject
    RunHistory history;
    @Inject
    DurationProposals durations;

    /**
     * Imports one result (multipart field {@code file}); {@code playbook} names the playbook (else the file name does),
     * {@code mode} is {@code run} or {@code check} (else {@code --check} at the end of the file name says check).
     */
    @POST
    @Path(AnsibleAgent.NAME + "/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @BodyLimit(setting = "log2.imports.max-bytes", allowance = 64 * 1024)
    public ImportAnswer importFile(@RestForm("file") FileUpload file, @RestForm("playbook") String playbook,
                                   @RestForm("mode") String mode, SecurityContext security) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidRequestException("send the playbook result as the multipart field 'file'", "file");
        }
        if (playbook != null && playbook.strip().length() > 255) {
            throw new InvalidRequestException("the playbook's name is longer than 255 characters", "playbook");
        }
        String m = null;
        if (mode != null && !mode.isBlank()) {
            m = mode.strip().toLowerCase(Locale.ROOT);
            if (!m.equals(AnsibleRun.RUN) && !m.equals(AnsibleRun.CHECK)) {
                throw new InvalidRequestException("mode must be 'run' or 'check' (a check of a configuration applied "
                        + "already), not '" + mode + "'", "mode");
            }
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return imports.importFile(file.fileName(), in, playbook, m, "upload", security.getUserPrincipal().getName());
        }
    }

    /** The imported runs, newest first, of one playbook or all. */
    @GET
    @Path(AnsibleAgent.NAME + "/imports")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<StoredRun> runs(@QueryParam("playbook") String playbook, @QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 1000) {
            throw new InvalidRequestException("limit must be 1 to 1000", "limit");
        }
        return history.runs(playbook == null || playbook.isBlank() ? null : playbook, n);
    }

    /** Proposes slow-task thresholds computed from the stored durations; they wait for approval like any proposal. */
    @POST
    @Path(AnsibleAgent.NAME + "/duration-thresholds")
    @RolesAllowed({Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public DurationProposals.Answer proposeDurations(SecurityContext security) {
        return durations.propose(security.getUserPrincipal().getName());
    }
}
