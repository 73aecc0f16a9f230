package io.log2.logs;

import io.log2.logic.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many findings match a filter, grouped by the fields asked for: what a dashboard draws, counted by the
 * database instead of by a client paging through every finding.
 */
@ApplicationScoped
public class FindingCounts {

    /** The fields findings can be grouped by, with their JPQL; a finding without a label counts as {@code none}. */
    static final Map<String, String> FIELDS = fields();

    /** One group: its value of each field asked for, and how many findings it holds. */
    public record Group(Map<String, String> key, long count) {
    }

    /** The groups, largest first, and the number of findings in all of them. */
    public record Counts(long total, List<Group> groups) {
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : List.of("agent", "state", "severity", "category", "rule", "resource")) {
            fields.put(field, "f." + field);
        }
        fields.put("label", "coalesce(fb.label, '" + FindingFilter.NO_LABEL + "')");
        return fields;
    }

    @Transactional
    public Counts count(FindingFilter filter, List<String> by) {
        if (by.isEmpty() || by.size() > 3) {
            throw new InvalidRequestException("name one to three fields to group by (by=severity&by=category), among "
                    + String.join(", ", FIELDS.keySet()), "by");
        }
        List<String> columns = new ArrayList<>();
        for (String field : by) {
            String column = FIELDS.get(field);
            if (column == null || columns.contains(column)) {
                throw new InvalidRequestException("cannot group findings by '" + field + "': name each of "
                        + String.join(", ", FIELDS.keySet()) + " at most once", "by");
            }
            columns.add(column);
        }
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        filter.conditions(where, params);
        String group = String.join(", ", columns);
        var query = LoggedFinding.getEntityManager().createQuery("select " + group + ", count(f) from LoggedFinding f"
                + " left join FindingFeedback fb on fb.id = f.feedbackId"
                + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " group by " + group + " order by count(f) desc, " + group, Object[].class);
        params.forEach(query::setParameter);
        List<Group> groups = new ArrayList<>();
        long total = 0;
        for (Object[] row : query.getResultList()) {
            Map<String, String> key = new LinkedHashMap<>();
            for (int i = 0; i < by.size(); i++) {
                key.put(by.get(i), row[i] == null ? null : row[i].toString());
            }
            long count = ((Number) row[by.size()]).longValue();
            groups.add(new Group(key, count));
            total += count;
        }
        return new Counts(total, List.copyOf(groups));
    }
}
