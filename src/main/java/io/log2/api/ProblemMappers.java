package io.log2.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.log2.console.LoginForm;
import io.log2.intelligence.proposal.ProposalConflictException;
import io.log2.intelligence.proposal.ProposalRefusedException;
import io.log2.imports.ImportRejectedException;
import io.log2.logic.AgentConflictException;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.NoActiveRuleSetException;
import io.log2.logic.RuleFileNotWrittenException;
import io.log2.logic.RuleSetRejectedException;
import io.log2.logic.UnknownAgentException;
import io.log2.logs.LogUnavailableException;
import io.log2.security.LoginThrottledException;
import io.log2.security.UserStoreUnavailableException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into problem JSON (RFC 7807) with the right status; nothing reaches a client as a bare 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final String BASE = "https://log2.io/problems/";

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e, UriInfo uri) {
        return problem("invalid-request", "Invalid request", 400, e.getMessage(), uri).with("where", e.where()).toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/"));
        return problem("invalid-request", "Invalid request", 400, "the body does not have the expected shape"
                + (field.isEmpty() ? "" : " at '" + field + "'") + ": " + firstLine(e.getOriginalMessage()), uri)
                .with("where", field.isEmpty() ? null : "/" + field).toResponse();
    }

    @ServerExceptionMapper(priority = 2)
    public Response json(JsonProcessingException e, UriInfo uri) {
        return jsonProblem(e, uri);
    }

    /** Any agent's import: the file is refused whole, with the status and the place that say why. */
    @ServerExceptionMapper
    public Response importRefused(ImportRejectedException e, UriInfo uri) {
        return problem("import-refused", "Import refused", e.status(), e.getMessage(), uri).with("where", e.where()).toResponse();
    }

    @ServerExceptionMapper
    public Response unknownAgent(UnknownAgentException e, UriInfo uri) {
        return problem("unknown-agent", "Unknown agent", 404, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response agentConflict(AgentConflictException e, UriInfo uri) {
        return problem("agent-conflict", "Agent conflict", 409, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NoSuchElementException e, UriInfo uri) {
        return problem("not-found", "Not found", 404, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response noRules(NoActiveRuleSetException e, UriInfo uri) {
        return problem("no-active-rules", "No active rule set", 409, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response rejected(RuleSetRejectedException e, UriInfo uri) {
        return problem("rules-rejected", "Rules rejected", 422, "the rules of agent '" + e.agent()
                + "' do not compile; the running version stays active", uri)
                .with("agent", e.agent()).with("errors", e.problems()).toResponse();
    }

    @ServerExceptionMapper
    public Response proposalRefused(ProposalRefusedException e, UriInfo uri) {
        return problem("proposal-refused", "Proposal refused", 422, e.getMessage() + "; nothing was deployed", uri)
                .with("proposal", e.proposal()).with("errors", e.problems()).toResponse();
    }

    @ServerExceptionMapper
    public Response proposalConflict(ProposalConflictException e, UriInfo uri) {
        return problem("proposal-state", "Proposal state", 409, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e, UriInfo uri) {
        return tooLargeProblem(e, uri);
    }

    @ServerExceptionMapper
    public Response logDown(LogUnavailableException e, UriInfo uri) {
        LOG.error("run log unavailable", e);
        return problem("log-unavailable", "Log unavailable", 503, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper
    public Response ruleFileNotWritten(RuleFileNotWrittenException e, UriInfo uri) {
        LOG.error("rule upload not written", e);
        return problem("rules-not-written", "Rule file not written", 500, "'" + e.file()
                + "' could not be written to the agent's rules folder; nothing was changed and the running version stays active", uri)
                .with("file", e.file()).toResponse();
    }

    @ServerExceptionMapper
    public Response databaseDown(PersistenceException e, UriInfo uri) {
        return databaseUnavailable(e, uri);
    }

    @ServerExceptionMapper
    public Response databaseDown(SQLException e, UriInfo uri) {
        return databaseUnavailable(e, uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e, UriInfo uri) {
        if (LoginForm.isLoginPost(uri)) {
            return LoginForm.refused("wrong");
        }
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response throttled(LoginThrottledException e, UriInfo uri) {
        if (LoginForm.isLoginPost(uri)) {
            return LoginForm.refused("throttled");
        }
        return Response.fromResponse(problem("too-many-failed-logins", "Too many failed logins", 429, e.getMessage(), uri)
                        .with("retryAfter", e.retryAfterSeconds()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response userStoreDown(UserStoreUnavailableException e, UriInfo uri) {
        return Response.fromResponse(problem("users-unavailable", "Users unavailable", 503, e.getMessage(), uri).toResponse())
                .header(HttpHeaders.RETRY_AFTER, 5).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem("forbidden", "Forbidden", 403, "your roles do not allow this request", uri).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return jsonProblem(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status == 413) {
            return problem("payload-too-large", "Payload too large", 413, e.getMessage(), uri).toResponse();
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return problem(title.toLowerCase().replace(' ', '-'), title, status, e.getMessage(), uri).toResponse();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("unexpected error on " + uri.getPath(), e);
        return problem("internal-error", "Internal error", 500, "an unexpected error occurred; it has been logged", uri).toResponse();
    }

    /** The database failed a read or a write: the text says so and no more (never SQL, values or other requests' data). */
    private static Response databaseUnavailable(Exception e, UriInfo uri) {
        LOG.error("database failure on " + uri.getPath(), e);
        return problem("database-unavailable", "Database unavailable", 503,
                "the database did not answer this request; try again later", uri).toResponse();
    }

    private static Response tooLargeProblem(PayloadTooLargeException e, UriInfo uri) {
        // The rest of the body may still be on its way: close the connection rather than read it.
        return Response.fromResponse(problem("payload-too-large", "Payload too large", 413, e.getMessage(), uri)
                .with("limit", e.limit()).toResponse()).header("Connection", "close").build();
    }

    private static Response unauthorized(UriInfo uri) {
        return Response.fromResponse(problem("unauthorized", "Unauthorized", 401,
                        "this endpoint needs HTTP Basic credentials of a known user", uri).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"log2\"").build();
    }

    private static Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        // A body cut off at its size limit while the parser read it is too large, not malformed.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return tooLargeProblem(tooLarge, uri);
            }
        }
        JsonLocation at = e.getLocation();
        Problem p = problem("malformed-json", "Malformed JSON", 400, "the body is not valid JSON: " + firstLine(e.getOriginalMessage())
                + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), uri);
        if (at != null) {
            p.with("line", at.getLineNr()).with("column", at.getColumnNr());
        }
        return p.toResponse();
    }

    private static Problem problem(String type, String title, int status, String detail, UriInfo uri) {
        return new Problem(BASE + type, title, status, detail, uri == null ? null : uri.getPath());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
