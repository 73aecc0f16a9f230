package io.log2.api;

import io.log2.logs.retention.Expiry;
import io.log2.logs.retention.FiringPartitions;
import io.log2.logs.retention.RetentionConfig;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** How long the log keeps what, the firing table's day partitions, and an expiry pass on demand. */
@Path("/api/retention")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    /** The settings in force and, on PostgreSQL, the firing table's day partitions (empty on H2). */
    public record Retention(String keep, String labelWindow, boolean scheduled, String interval, boolean partitioned,
                            List<FiringPartitions.Partition> partitions) {
    }

    @Inject
    RetentionConfig config;
    @Inject
    FiringPartitions partitions;
    @Inject
    Expiry expiry;

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Retention retention() {
        return new Retention(config.keep().toString(), config.labelWindow().toString(), config.scheduled(),
                config.interval().toString(), partitions.partitioned(), partitions.partitions());
    }

    /** Expires now; 409 while a pass is already under way. */
    @POST
    @Path("/expire")
    @RolesAllowed(Roles.ADMIN)
    public Response expire() {
        return expiry.expire().map(r -> Response.ok(r).build())
                .orElseGet(() -> Response.status(409).type(Problem.MEDIA_TYPE)
                        .entity(new Problem("about:blank", "Expiry under way", 409,
                                "an expiry pass is already under way; try again when it ends", "/api/retention/expire"))
                        .build());
    }
}
