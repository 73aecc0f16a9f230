package io.log2.agents.awsusage;

import io.log2.agents.awsusage.cycle.CycleBusyException;
import io.log2.agents.awsusage.cycle.CycleLog;
import io.log2.agents.awsusage.cycle.CycleResult;
import io.log2.agents.awsusage.cycle.MonitoringCycle;
import io.log2.agents.awsusage.imports.ExportKind;
import io.log2.agents.awsusage.imports.ImportService;
import io.log2.agents.awsusage.imports.ImportService.ImportReport;
import io.log2.agents.awsusage.imports.LabelledImport;
import io.log2.agents.awsusage.imports.LabelledImport.LabelledReport;
import io.log2.agents.awsusage.imports.MetricSeriesTarget;
import io.log2.api.BodyLimit;
import io.log2.api.Problem;
import io.log2.logic.InvalidRequestException;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The aws-usage agent's own endpoints: imports of cost exports and metric series, and monitoring cycles. */
/** Shares its root with the core agent endpoints; JAX-RS does not look past the first root path that matches. */
@Path("/api/agents")
@Produces(MediaType.APPLICATION_JSON)
public class AwsUsageResource {

    @Inject
    ImportService imports;
    @Inject
    MonitoringCycle cycles;
    @Inject
    LabelledImport labelled;

    /**
     * Imports one file (multipart field {@code file}); {@code kind} forces FOCUS, CUR or METRIC_SERIES, and a
     * metric series needs {@code namespace}, {@code metric} and {@code resource}.
     */
    @POST
    @Path(AwsUsageAgent.NAME + "/imports")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @BodyLimit(setting = "log2.imports.max-bytes", allowance = 64 * 1024)
    public ImportReport importFile(@RestForm("file") FileUpload file, @RestForm("kind") String kind,
                                   @RestForm("namespace") String namespace, @RestForm("metric") String metric,
                                   @RestForm("resource") String resource, SecurityContext security) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidRequestException("send the export as the multipart field 'file'", "file");
        }
        ExportKind forced = null;
        if (kind != null && !kind.isBlank()) {
            try {
                forced = ExportKind.valueOf(kind.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("kind must be one of " + List.of(ExportKind.values()) + ", not '" + kind + "'", "kind");
            }
        }
        MetricSeriesTarget target = namespace == null && metric == null && resource == null ? null
                : new MetricSeriesTarget(namespace, metric, resource);
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return imports.importFile(file.fileName(), in, forced, target, "upload", security.getUserPrincipal().getName());
        }
    }

    /**
     * Imports a folder of labelled history, zipped (multipart field {@code file}): metric series with their anomaly
     * windows in {@code windows.json}; the findings they raise are labelled useful or noise by the windows.
     */
    @POST
    @Path(AwsUsageAgent.NAME + "/imports/labelled")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @BodyLimit(setting = "log2.imports.max-bytes", allowance = 64 * 1024)
    public LabelledReport importLabelled(@RestForm("file") FileUpload file, SecurityContext security) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidRequestException("send the folder, zipped, as the multipart field 'file'", "file");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return labelled.importFolder(file.fileName(), in, security.getUserPrincipal().getName());
        }
    }

    /** Runs a monitoring cycle now; 409 while another one runs. */
    @POST
    @Path(AwsUsageAgent.NAME + "/cycles")
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public CycleResult cycle() {
        return cycles.run();
    }

    @GET
    @Path(AwsUsageAgent.NAME + "/cycles")
    @Transactional
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<CycleLog> recentCycles() {
        return CycleLog.recent(AwsUsageAgent.NAME, 50);
    }

    @ServerExceptionMapper
    public Response busy(CycleBusyException e, UriInfo uri) {
        return new Problem("https://log2.io/problems/cycle-running", "Cycle running", 409, e.getMessage(), uri.getPath())
                .toResponse();
    }
}
