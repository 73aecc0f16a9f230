package io.log2.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.Workbooks;
import io.log2.logs.Page;
import io.log2.notify.Channel;
import io.log2.notify.ChannelStore;
import io.log2.notify.Delivery;
import io.log2.notify.DeliveryLog;
import io.log2.notify.Route;
import io.log2.notify.RouteStore;
import io.log2.notify.RouteTable;
import io.log2.notify.Silence;
import io.log2.notify.SilenceStore;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
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
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Notifications: channels, the route table (JSON or CSV), silences and the delivery log. Any role reads; only an
 * admin changes. Secrets (a webhook's key, a Slack webhook's URL) are never returned.
 */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    public static final String CSV = "text/csv";

    /** A channel as the API shows it: the secret only as whether one is set. */
    public record ChannelView(String name, String type, String target, boolean secretSet, Instant createdAt) {
        static ChannelView of(Channel c) {
            return new ChannelView(c.name(), c.type(), "slack".equals(c.type()) ? masked(c.target()) : c.target(),
                    c.secret() != null, c.createdAt());
        }

        private static String masked(String url) {
            URI u = URI.create(url);
            return u.getScheme() + "://" + u.getHost() + "/…";
        }
    }

    public record ChannelRequest(String name, String type, String target, String secret) {
    }

    public record SilenceRequest(Map<String, String> matchers, String endsAt, String comment) {
    }

    @Inject
    ChannelStore channels;
    @Inject
    RouteStore routes;
    @Inject
    SilenceStore silences;
    @Inject
    DeliveryLog deliveries;
    @Inject
    ObjectMapper json;

    @GET
    @Path("channels")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<ChannelView> channels() {
        return channels.list().stream().map(ChannelView::of).toList();
    }

    @GET
    @Path("channels/{name}")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public ChannelView channel(@PathParam("name") String name) {
        return channels.find(name).map(ChannelView::of)
                .orElseThrow(() -> new java.util.NoSuchElementException("no channel '" + name + "'"));
    }

    @POST
    @Path("channels")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response create(ChannelRequest request) {
        ChannelRequest r = required(request);
        Channel saved = channels.save(new Channel(r.name(), r.type(), r.target(), r.secret(), null), true);
        return Response.created(URI.create("/api/notifications/channels/" + saved.name())).entity(ChannelView.of(saved)).build();
    }

    /** Changes a channel; a request without a secret keeps the stored one. */
    @PUT
    @Path("channels/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ChannelView change(@PathParam("name") String name, ChannelRequest request) {
        ChannelRequest r = required(request);
        if (r.name() != null && !r.name().equals(name)) {
            throw new InvalidRequestException("the name in the body differs from the path's; a channel is not renamed", "/name");
        }
        return ChannelView.of(channels.save(new Channel(name, r.type(), r.target(), r.secret(), null), false));
    }

    @DELETE
    @Path("channels/{name}")
    @RolesAllowed(Roles.ADMIN)
    public Response delete(@PathParam("name") String name) {
        channels.delete(name, routes.list());
        return Response.noContent().build();
    }

    @GET
    @Path("routes")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<RouteTable.Row> routes() {
        return routes.list().stream().map(RouteTable::row).toList();
    }

    @GET
    @Path("routes")
    @Produces(CSV)
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Response routesCsv() {
        return Response.ok(RouteTable.csv(routes.list()), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"routes.csv\"").build();
    }

    /**
     * Replaces the whole route table, sent as a JSON array of routes or as the CSV table, and answers it in the same
     * form; nothing changes when any row is refused.
     */
    @PUT
    @Path("routes")
    @Consumes({MediaType.APPLICATION_JSON, CSV})
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed(Roles.ADMIN)
    public Response replace(String body, @HeaderParam("Content-Type") String type) throws JsonProcessingException {
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(CSV)) {
            RouteTable.CsvTable table = RouteTable.parseCsv(body == null ? "" : body);
            return Response.ok(RouteTable.csv(routes.replace(table.routes(), i -> table.row(i) + "Channel")), CSV + "; charset=UTF-8")
                    .build();
        }
        List<RouteTable.Row> rows = body == null || body.isBlank() ? null
                : json.readValue(body, new TypeReference<List<RouteTable.Row>>() { });
        if (rows == null) {
            throw new InvalidRequestException("send the route table as a JSON array (an empty one removes every route)", "/");
        }
        List<RouteTable.Row> stored = routes.replace(RouteTable.checkJson(rows), i -> "/" + i + "/channel").stream()
                .map(RouteTable::row).toList();
        return Response.ok(stored, MediaType.APPLICATION_JSON).build();
    }

    /**
     * Replaces the whole route table kept in a spreadsheet program: the first sheet of an XLSX workbook, laid out as
     * the CSV table (its header in row 1); answered as CSV. A refusal names the sheet's row.
     */
    @PUT
    @Path("routes")
    @Consumes(Workbooks.XLSX)
    @Produces(CSV)
    @RolesAllowed(Roles.ADMIN)
    public Response replaceFromWorkbook(byte[] body) {
        String csv;
        try {
            csv = Workbooks.firstSheetAsCsv(body == null ? new byte[0] : body);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the route table is not a readable XLSX workbook: " + e.getMessage(), "body");
        }
        RouteTable.CsvTable table = RouteTable.parseCsv(csv);
        return Response.ok(RouteTable.csv(routes.replace(table.routes(), i -> table.row(i) + "Channel")), CSV + "; charset=UTF-8")
                .build();
    }

    @GET
    @Path("silences")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<Silence> silences(@QueryParam("all") @DefaultValue("false") boolean all) {
        return silences.list(all);
    }

    @POST
    @Path("silences")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response silence(SilenceRequest request, SecurityContext security) {
        if (request == null) {
            throw new InvalidRequestException("send {\"matchers\": {\"rule\": \"…\"}, \"endsAt\": \"2026-12-01T00:00:00Z\"}", "/");
        }
        Instant endsAt;
        try {
            endsAt = request.endsAt() == null ? null : Instant.parse(request.endsAt());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("endsAt is an ISO-8601 time such as 2026-12-01T00:00:00Z", "/endsAt");
        }
        Silence s = silences.create(request.matchers(), request.comment(), endsAt, security.getUserPrincipal().getName());
        return Response.created(URI.create("/api/notifications/silences/" + s.id())).entity(s).build();
    }

    /** Expires a silence now: its findings, if still open, are told at the next dispatch. */
    @DELETE
    @Path("silences/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Silence expire(@PathParam("id") String id) {
        try {
            return silences.expire(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw new java.util.NoSuchElementException("no silence " + id);
        }
    }

    @GET
    @Path("deliveries")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public Page<Delivery> deliveries(@QueryParam("channel") String channel, @QueryParam("message") Long message,
                                     @QueryParam("status") String status, @QueryParam("limit") @DefaultValue("50") int limit,
                                     @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > 1000) {
            throw new InvalidRequestException("limit is 1 to 1000", "limit");
        }
        if (status != null && !status.equals("delivered") && !status.equals("failed")) {
            throw new InvalidRequestException("status is delivered or failed", "status");
        }
        return deliveries.page(channel, message, status, limit, cursor);
    }

    private static ChannelRequest required(ChannelRequest r) {
        if (r == null) {
            throw new InvalidRequestException("send the channel as JSON: name, type, target and, for a webhook, secret", "/");
        }
        return r;
    }
}
