package io.log2.agents.terraform.kept;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.TerraformConfig;
import io.log2.agents.terraform.kept.PlanResources.Kept;
import io.log2.logs.AuditQueries;
import io.log2.logs.FindingContext;
import io.log2.logs.LoggedFinding;
import io.log2.logs.RelatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells, in the finding of a resource the aws-usage agent saw created (its CloudTrail rule "New resource created"),
 * whether a plan the terraform agent checked explains it: a plan checked within {@code log2.terraform.explain-window}
 * before the call, that creates or replaces a resource of the type the call makes, named like the call's resource
 * (or whose name is known only after apply, as an instance's id is). When none does, the resource is flagged as a
 * change made outside infrastructure as code. Reads the finding's first firing for the call and the kept plan
 * resources; writes nothing.
 */
@ApplicationScoped
public class UnplannedResources implements FindingContext {

    /** The findings this applies to: the aws-usage agent's rule on successful Create and Run calls. */
    static final String AWS_USAGE = "aws-usage";
    static final String RULE = "New resource created";
    public static final String PLANNED = "planned-resource";
    public static final String UNPLANNED = "outside-infrastructure-as-code";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The CloudTrail call a finding was raised on. */
    record Call(String eventName, String resource, Instant time, String principal) {
    }

    @Inject
    AuditQueries log;
    @Inject
    PlanResources plans;
    @Inject
    TerraformConfig config;

    @Override
    public List<RelatedEvent> relatedTo(LoggedFinding finding) {
        if (!AWS_USAGE.equals(finding.agent) || !RULE.equals(finding.rule)) {
            return List.of();
        }
        Optional<Call> call = call(finding);
        if (call.isEmpty() || call.get().time() == null) {
            return List.of();
        }
        return explain(call.get()).map(List::of).orElse(List.of());
    }

    /** The plan resource that explains the call, or the flag that none does; empty for a call no plan could make. */
    Optional<RelatedEvent> explain(Call call) {
        List<String> types = CreatedTypes.of(call.eventName());
        if (types.isEmpty()) {
            return Optional.empty();
        }
        Duration window = config.explainWindow();
        List<Kept> candidates = plans.created(types, call.time().minus(window), call.time());
        Kept named = candidates.stream().filter(k -> k.resourceId() != null && k.resourceId().equals(call.resource()))
                .findFirst().orElse(null);
        Kept match = named != null ? named
                : candidates.stream().filter(k -> k.resourceId() == null).findFirst().orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventName", call.eventName());
        details.put("resource", call.resource());
        details.put("principal", call.principal());
        details.put("resourceTypes", types);
        details.put("windowHours", window.toMinutes() / 60.0);
        if (match == null) {
            details.put("plansOfTheseTypes", candidates.size());
            String summary = String.format("no plan checked in the %s before %s creates %s%s: a change made outside"
                            + " infrastructure as code", hours(window), call.eventName(), String.join(" or ", types),
                    call.resource() == null ? "" : " named " + call.resource());
            return Optional.of(new RelatedEvent(TerraformAgent.NAME, UNPLANNED, call.time(), summary, details));
        }
        details.put("plan", match.plan());
        details.put("run", match.runId());
        details.put("address", match.address());
        details.put("action", match.action());
        details.put("checkedAt", match.checkedAt().toString());
        details.put("matchedBy", named != null ? "name" : "type (its name is known only after apply)");
        long minutes = Duration.between(match.checkedAt(), call.time()).toMinutes();
        String summary = String.format("plan %s, checked %d min before, will %s %s%s", match.plan(), minutes, match.action(),
                match.address(), named != null ? " named " + call.resource() : " (name known only after apply)");
        return Optional.of(new RelatedEvent(TerraformAgent.NAME, PLANNED, match.checkedAt(), summary, details));
    }

    /** The CloudTrail call in the finding's first firing. */
    private Optional<Call> call(LoggedFinding finding) {
        try {
            Optional<String> facts = log.factsOfFiring(finding.firstRunId, finding.firstFiringSeq);
            if (facts.isEmpty()) {
                return Optional.empty();
            }
            for (JsonNode fact : JSON.readTree(facts.get())) {
                if ("ApiEvent".equals(fact.path("type").asText())) {
                    return Optional.of(new Call(text(fact, "eventName"), text(fact, "resource"), time(fact), text(fact, "principal")));
                }
            }
            return Optional.empty();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("cannot read the CloudTrail call of finding " + finding.id, e);
        }
    }

    private static Instant time(JsonNode fact) {
        JsonNode t = fact.get("time");
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isNumber()) {
            // Jackson writes an Instant as epoch seconds with nanoseconds unless told otherwise.
            long seconds = t.longValue();
            long nanos = Math.round((t.doubleValue() - seconds) * 1e9);
            return Instant.ofEpochSecond(seconds, nanos);
        }
        return Instant.parse(t.asText());
    }

    private static String text(JsonNode fact, String field) {
        JsonNode v = fact.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }
}
