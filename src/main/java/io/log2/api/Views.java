package io.log2.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.log2.logic.RejectedAttempt;
import io.log2.logs.FindingFeedback;
import io.log2.logs.Firing;
import io.log2.logs.AuditQueries.LinkedFinding;
import io.log2.logs.LoggedFinding;
import io.log2.logs.Page;
import io.log2.logs.RunFinding;
import io.log2.logs.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of the API. */
public final class Views {

    private Views() {
    }

    public record VersionView(int version, String contentHash, String source, String reason, String createdBy,
                              Instant createdAt, boolean active, List<String> files) {
    }

    public record AgentView(String name, String rulesDir, Map<String, List<String>> factTypes, VersionView activeVersion,
                            Integer rules, RejectedAttempt error) {
    }

    /**
     * A firing. Its matched facts (an array of objects, each with its {@code type}) and bound values (an object) are
     * written as the JSON they were stored as, which the firing writer made ({@code FiringJson}): parsing them only to
     * write them again was about 40% of the service's time for a page of firings with large facts.
     */
    public record FiringView(long id, String runId, int seq, String agent, int version, String rule,
                             @JsonProperty("package") String packageName, String file, Integer row, String resource,
                             @JsonRawValue @Schema(type = SchemaType.ARRAY, description = "the matched facts, each with its type") String facts,
                             @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "the rule's bound values; a matched fact as {\"fact\": its index}") String bindings,
                             Instant firedAt, long durationNanos, String error, Long finding, String label, FeedbackView feedback) {

        /** The firing, with the finding it reported to and that finding's label (null when none). */
        static FiringView of(Firing f, FindingFeedback feedback) {
            return new FiringView(f.id, f.runId, f.seq, f.agent, f.version, f.rule, f.packageName, f.file, f.row, f.resource,
                    f.facts, f.bindings, f.firedAt, f.durationNanos, f.error, f.findingId,
                    feedback == null ? null : feedback.label, FeedbackView.of(feedback));
        }
    }

    /** A label given to a finding: by a person (their user name) or by a labelled import ({@code import:<file>}). */
    public record FeedbackView(String label, String note, String by, String source, Instant at) {

        static FeedbackView of(FindingFeedback f) {
            return f == null ? null : new FeedbackView(f.label, f.note, f.givenBy, f.source, f.givenAt);
        }
    }

    /** A finding: one condition while it lasts, with the firings it links to. */
    public record FindingView(long id, String agent, String fingerprint, String state, String kind, String severity,
                              String category, String rule, String file, Integer row, Integer version, String resource,
                              String period, long count, Instant firstSeen, Instant lastSeen, Instant resolvedAt,
                              String resolvedBy, Double value, Double threshold, String message, Long firstFiring,
                              Long lastFiring, String firstRunId, String lastRunId, String label, FeedbackView feedback,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              List<io.log2.logs.RelatedEvent> related) {

        static FindingView of(LinkedFinding linked) {
            return of(linked, null);
        }

        /** One finding with the events related to it (only the view of one finding reads them: they cost queries). */
        static FindingView of(LinkedFinding linked, List<io.log2.logs.RelatedEvent> related) {
            LoggedFinding f = linked.finding();
            FeedbackView feedback = FeedbackView.of(linked.feedback());
            return new FindingView(f.id, f.agent, f.fingerprint, f.state, f.kind, f.severity, f.category, f.rule,
                    linked.file(), linked.row(), linked.version(), f.resource, f.period, f.count, f.firstSeen, f.lastSeen,
                    f.resolvedAt, f.resolvedBy, f.value, f.threshold, f.message, linked.firstFiring(), linked.lastFiring(),
                    f.firstRunId, f.lastRunId, feedback == null ? null : feedback.label(), feedback, related);
        }
    }

    public record RunView(String runId, String agent, int version, String status, List<String> problems, Instant startedAt,
                          long durationNanos, int factCount, int firingCount, List<RunFinding> findings,
                          String moreFindings, List<FiringView> firings, String moreFirings) {

        static RunView of(Run r, Page<RunFinding> findings, String moreFindings, List<FiringView> firings, boolean more) {
            return new RunView(r.id, r.agent, r.version, r.status, r.problems == null ? List.of() : List.of(r.problems.split("\n")),
                    r.startedAt, r.durationNanos, r.factCount, r.firingCount, findings.items(), moreFindings,
                    firings, more ? "/api/firings?run=" + r.id : null);
        }
    }

    public record PageView<T>(List<T> items, String next) {
    }

    public record UserView(String username, List<String> roles) {
    }
}
