package io.log2.insights.strategy;

import io.log2.insights.strategy.CollectionFrequency.Advice;
import io.log2.insights.strategy.CoverageGaps.UnwatchedResource;
import io.log2.insights.strategy.CoverageGaps.UnwatchedService;
import io.log2.insights.strategy.FactFreshness.RuleFacts;
import io.log2.insights.strategy.RuleEffectiveness.RuleEffect;
import io.log2.insights.strategy.ThresholdAdvice.Recommendation;
import io.log2.logic.Agent;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleInfo;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether an agent watches the right things at the right pace, from its stored logs and history: how well each rule
 * works, what no rule reads, how often each collector should collect and what the learners recommend. The metric and
 * cost sections read the history tables of an agent that keeps history there ({@link KeptHistory}); for other agents
 * they are empty.
 */
@ApplicationScoped
public class MonitoringStrategy {

    public record Gaps(List<UnwatchedService> unwatchedServices, List<UnwatchedResource> unwatchedResources,
                       List<RuleFacts> ruleFacts) {
    }

    public record Strategy(String agent, Instant from, Instant to, Integer version, List<RuleEffect> rules, Gaps gaps,
                           List<Advice> collectors, List<Recommendation> thresholds) {
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    RuleEffectiveness effectiveness;
    @Inject
    CoverageGaps gaps;
    @Inject
    FactFreshness freshness;
    @Inject
    CollectionFrequency frequency;
    @Inject
    ThresholdAdvice thresholds;
    @Inject
    @Any
    Instance<KeptHistory> histories;
    @Inject
    StrategyConfig config;

    /** @param from the span's start, null for {@code log2.strategy.default-span} before {@code to}; @param to null for now */
    public Strategy of(String agentName, Instant from, Instant to) throws SQLException {
        Agent agent = ruleSets.agent(agentName);
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(config.defaultSpan()) : from;
        if (!start.isBefore(end)) {
            throw new InvalidRequestException("the span must end after it starts: 'to' (" + end + ") is not after 'from' ("
                    + start + ")", to == null ? "from" : "to");
        }
        Span span = new Span(start, end);
        Optional<RuleSet> active = ruleSets.activeIfAny(agentName);
        List<RuleInfo> rules = active.map(r -> List.copyOf(r.compiled().rules().values())).orElse(List.of());
        KeptHistory kept = histories.stream().filter(h -> h.agent().equals(agent.name())).findFirst().orElse(null);
        boolean history = kept != null;
        Duration metricsEvery = history ? kept.metricsEvery() : null;
        Duration costsEvery = history ? kept.costsEvery() : null;
        return new Strategy(agentName, start, end, active.map(RuleSet::version).orElse(null),
                effectiveness.of(agentName, span, rules),
                new Gaps(history ? gaps.services(agentName, span) : List.of(),
                        history ? gaps.resources(agentName, span) : List.of(),
                        history && active.isPresent() ? freshness.of(active.get().compiled(), span, kept,
                                config.staleIntervals()) : List.of()),
                history ? frequency.of(span, metricsEvery, costsEvery) : List.of(),
                thresholds.of(agentName, active.map(RuleSet::version).orElse(null)));
    }

}
