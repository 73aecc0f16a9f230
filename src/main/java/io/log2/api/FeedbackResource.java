package io.log2.api;

import io.log2.api.Views.FeedbackView;
import io.log2.api.Views.FindingView;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.AuditQueries;
import io.log2.logs.FeedbackService;
import io.log2.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.NoSuchElementException;

/** Feedback on findings: a person labels a finding useful, noise or expected; every label given is kept. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class FeedbackResource {

    /** The body of a label: {@code label} is required, {@code note} optional (at most 2,000 characters). */
    public record FeedbackRequest(String label, String note) {
    }

    @Inject
    FeedbackService feedback;
    @Inject
    AuditQueries queries;

    /** Labels the finding (a later label replaces it; the history keeps both) and answers the finding as it now reads. */
    @POST
    @Path("findings/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    public FindingView give(@PathParam("id") String id, FeedbackRequest request, SecurityContext security) {
        long key = findingId(id);
        if (request == null) {
            throw new InvalidRequestException("send the label as JSON: {\"label\": \"useful\", \"note\": \"…\"}", "/label");
        }
        feedback.give(key, request.label(), request.note(), security.getUserPrincipal().getName());
        return queries.finding(key).map(FindingView::of).orElseThrow(() -> new NoSuchElementException("no finding " + id));
    }

    /** Every label the finding was given, newest first. */
    @GET
    @Path("findings/{id}/feedback")
    @RolesAllowed({Roles.VIEWER, Roles.EDITOR, Roles.APPROVER, Roles.ADMIN})
    public List<FeedbackView> history(@PathParam("id") String id) {
        return feedback.history(findingId(id)).stream().map(FeedbackView::of).toList();
    }

    private static long findingId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new NoSuchElementException("no finding " + id);
        }
    }
}
