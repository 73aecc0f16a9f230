package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The filters of a findings query; every one is optional. {@code from} keeps findings last seen at or after it,
 * {@code to} those first seen before it: together, the findings seen within [from, to). {@code label} keeps those
 * whose label is {@code useful}, {@code noise} or {@code expected}, or {@value #NO_LABEL} those without one.
 */
public record FindingFilter(String agent, String state, String severity, String category, String rule, String resource,
                            Instant from, Instant to, String label) {

    public static final String NO_LABEL = "none";

    /**
     * Adds the filter's JPQL conditions over {@code f} (a LoggedFinding) and {@code fb} (its FindingFeedback, left
     * joined) and their parameters; refuses a state or label the service does not know.
     */
    void conditions(List<String> where, Map<String, Object> params) {
        if (state != null && !List.of("open", "resolved").contains(state)) {
            throw new InvalidRequestException("state must be open or resolved, not '" + state + "'", "state");
        }
        condition(where, params, "f.agent", "agent", agent);
        condition(where, params, "f.state", "state", state);
        condition(where, params, "f.severity", "severity", severity);
        condition(where, params, "f.category", "category", category);
        condition(where, params, "f.rule", "rule", rule);
        condition(where, params, "f.resource", "resource", resource);
        labelCondition(where, params);
        if (from != null) {
            where.add("f.lastSeen >= :from");
            params.put("from", from);
        }
        if (to != null) {
            where.add("f.firstSeen < :to");
            params.put("to", to);
        }
    }

    /** {@code none} keeps the findings without a label; a label keeps those whose latest label it is. */
    private void labelCondition(List<String> where, Map<String, Object> params) {
        if (label == null) {
            return;
        }
        if (label.equals(NO_LABEL)) {
            where.add("f.feedbackId is null");
        } else if (FindingFeedback.LABELS.contains(label)) {
            where.add("fb.label = :label");
            params.put("label", label);
        } else {
            throw new InvalidRequestException("label must be one of " + String.join(", ", FindingFeedback.LABELS) + " or "
                    + NO_LABEL + ", not '" + label + "'", "label");
        }
    }

    private static void condition(List<String> where, Map<String, Object> params, String path, String name, String value) {
        if (value != null) {
            where.add(path + " = :" + name);
            params.put(name, value);
        }
    }
}
