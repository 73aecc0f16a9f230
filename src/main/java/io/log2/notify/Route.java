package io.log2.notify;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One row of the route table: findings of this agent, lowest severity, category and rule (each empty for any) go to
 * {@code channel}, grouped by {@code groupBy}; between {@code quietFrom} and {@code quietTo} (local times in
 * {@code zone}; the span may cross midnight) nothing is sent, and what waited goes out when they end.
 */
public record Route(String id, String agent, String severity, String category, String rule, String channel,
                    List<String> groupBy, LocalTime quietFrom, LocalTime quietTo, ZoneId zone) {

    boolean matches(Map<String, String> labels) {
        return (agent == null || agent.equals(labels.get("agent")))
                && (severity == null || Severity.rank(labels.get("severity")) >= Severity.rank(severity))
                && (category == null || category.equals(labels.get("category")))
                && (rule == null || rule.equals(labels.get("rule")));
    }

    boolean quietAt(Instant now) {
        if (quietFrom == null) {
            return false;
        }
        LocalTime t = now.atZone(zone).toLocalTime();
        return quietFrom.isBefore(quietTo)
                ? !t.isBefore(quietFrom) && t.isBefore(quietTo)
                : !t.isBefore(quietFrom) || t.isBefore(quietTo);
    }

    /** The key of a finding's group on this route, e.g. {@code agent=aws-usage,rule=MetricThresholds_11}. */
    String groupKey(Map<String, String> labels) {
        StringBuilder b = new StringBuilder();
        for (String label : groupBy) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(label).append('=').append(labels.get(label) == null ? "" : labels.get(label));
        }
        return b.toString();
    }
}
