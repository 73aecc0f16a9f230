package io.log2.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.logic.RejectedAttempt;
import io.log2.logs.Firing;
import io.log2.logs.LoggedFinding;
import io.log2.logs.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of the API. */
public final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    public record VersionView(int version, String contentHash, String source, String reason, String createdBy,
                              Instant createdAt, boolean active, List<String> files) {
    }

    public record AgentView(String name, String rulesDir, Map<String, List<String>> factTypes, VersionView activeVersion,
                            Integer rules, RejectedAttempt error) {
    }

    public record FiringView(long id, String runId, int seq, String agent, int version, String rule,
                             @com.fasterxml.jackson.annotation.JsonProperty("package") String packageName, String file,
                             Integer row, String resource, JsonNode facts, JsonNode bindings, Instant firedAt,
                             long durationNanos, String error) {

        static FiringView of(Firing f) {
            return new FiringView(f.id, f.runId, f.seq, f.agent, f.version, f.rule, f.packageName, f.file, f.row, f.resource,
                    parse(f.facts), parse(f.bindings), f.firedAt, f.durationNanos, f.error);
        }
    }

    public record FindingView(String id, String runId, int firing, String kind, String severity, String category,
                              String rule, String file, Integer row, String resource, Double value, Double threshold,
                              String message) {

        static FindingView of(LoggedFinding f, Firing by) {
            return new FindingView(f.runId + "." + f.seq, f.runId, f.firingSeq, f.kind, f.severity, f.category,
                    by == null ? null : by.rule, by == null ? null : by.file, by == null ? null : by.row,
                    by == null ? null : by.resource, f.value, f.threshold, f.message);
        }
    }

    public record RunView(String runId, String agent, int version, String status, List<String> problems, Instant startedAt,
                          long durationNanos, int factCount, int firingCount, List<FindingView> findings,
                          List<FiringView> firings, String moreFirings) {

        static RunView of(Run r, List<FindingView> findings, List<FiringView> firings, boolean more) {
            return new RunView(r.id, r.agent, r.version, r.status, r.problems == null ? List.of() : List.of(r.problems.split("\n")),
                    r.startedAt, r.durationNanos, r.factCount, r.firingCount, findings,
                    firings, more ? "/api/firings?run=" + r.id : null);
        }
    }

    public record PageView<T>(List<T> items, String next) {
    }

    public record UserView(String username, List<String> roles) {
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
