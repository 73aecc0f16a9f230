package io.log2.insights.strategy;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.log2.intelligence.TableRowIndex;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.RuleInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.kie.api.definition.rule.Rule;

/**
 * Rules whose facts have stopped arriving. A rule's facts are the types its patterns match; for metric samples and
 * their features, of the namespace and metric its table row names (any when it names none). Their newest stored
 * data before the span's end — the newest sample, the end of the newest day of cost — is compared with the span's
 * end: older than {@code log2.strategy.stale-intervals} times the interval at which such data arrives (metrics: the
 * monitoring interval; costs: a day, or the Cost Explorer cadence when that is longer), and the facts have stopped.
 * Facts the service does not keep as history (API events, resource states) cannot be judged and say so.
 */
@ApplicationScoped
public class FactFreshness {

    /** {@code current}, {@code stale}, {@code none} (no such data stored before the span's end) or {@code not stored}. */
    public record RuleFacts(String rule, String factType, String namespace, String metric, Instant newestData,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) Duration expectedEvery, String status) {
    }

    static final String CURRENT = "current";
    static final String STALE = "stale";
    static final String NONE = "none";
    static final String NOT_STORED = "not stored";

    @Inject
    DataSource dataSource;

    /**
     * @param history   which fact types the agent keeps as metric and cost history, and how often they arrive (a new
     *                  day of cost counts as arriving at most once a day)
     * @param intervals how many of those intervals may pass before the facts count as stopped
     */
    public List<RuleFacts> of(CompiledRuleSet rules, Span span, KeptHistory history, int intervals) throws SQLException {
        Set<Class<?>> metrics = history.metricTypes();
        Set<Class<?>> costs = history.costTypes();
        Duration metricsEvery = history.metricsEvery();
        Duration costsEvery = history.costsEvery().compareTo(Duration.ofDays(1)) >= 0 ? history.costsEvery() : Duration.ofDays(1);
        TableRowIndex tables = TableRowIndex.of(rules.files());
        Map<String, Optional<Instant>> newest = new HashMap<>();
        List<RuleFacts> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<Rule, RuleInfo> e : rules.rules().entrySet()) {
                String name = e.getValue().name();
                for (Class<?> type : RuleFactTypes.of(e.getKey())) {
                    if (metrics.contains(type)) {
                        Map<String, String> cells = tables.row(name).map(TableRowIndex.TableRow::cells).orElse(Map.of());
                        String namespace = cells.get("Namespace");
                        String metric = cells.get("Metric");
                        Optional<Instant> at = newest.computeIfAbsent("metric/" + namespace + "/" + metric,
                                k -> newestSample(c, namespace, metric, span));
                        out.add(judge(name, type, namespace, metric, at, span, metricsEvery, intervals));
                    } else if (costs.contains(type)) {
                        Optional<Instant> at = newest.computeIfAbsent("cost", k -> newestCostDay(c, span));
                        out.add(judge(name, type, null, null, at, span, costsEvery, intervals));
                    } else {
                        out.add(new RuleFacts(name, type.getSimpleName(), null, null, null, null, NOT_STORED));
                    }
                }
            }
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        out.sort(Comparator.comparing(RuleFacts::rule).thenComparing(RuleFacts::factType));
        return out;
    }

    private static RuleFacts judge(String rule, Class<?> type, String namespace, String metric, Optional<Instant> newest,
                                   Span span, Duration every, int intervals) {
        String status = newest.isEmpty() ? NONE
                : newest.get().isBefore(span.to().minus(every.multipliedBy(intervals))) ? STALE : CURRENT;
        return new RuleFacts(rule, type.getSimpleName(), namespace, metric, newest.orElse(null), every, status);
    }

    private static Optional<Instant> newestSample(Connection c, String namespace, String metric, Span span) {
        String sql = "SELECT MAX(ts) FROM metric_history WHERE ts < ?" + (namespace == null ? "" : " AND namespace = ?")
                + (metric == null ? "" : " AND metric = ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, span.to().atOffset(ZoneOffset.UTC));
            if (namespace != null) {
                ps.setString(i++, namespace);
            }
            if (metric != null) {
                ps.setString(i, metric);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                return Optional.ofNullable(t).map(OffsetDateTime::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The end of the newest day of cost the span's end has seen. */
    private static Optional<Instant> newestCostDay(Connection c, Span span) {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(usage_date) FROM cost_history WHERE usage_date <= ?")) {
            ps.setObject(1, span.lastDay());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.time.LocalDate day = rs.getObject(1, java.time.LocalDate.class);
                return Optional.ofNullable(day).map(d -> d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
