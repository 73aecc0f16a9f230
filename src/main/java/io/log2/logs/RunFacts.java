package io.log2.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.logic.Agent;
import io.log2.logic.FactSubject;
import java.util.List;
import java.util.Set;

/**
 * The facts of a run as the finding log reads them: the agent that says what each fact reports on, the facts, and
 * the fact types the run holds completely (by simple class name: every such fact that exists was in the run, as in
 * a full inventory), so that a finding on one that is gone is resolved. {@code posted} holds the facts as JSON when the
 * agent's types are declared in its DRL: kept with the run ({@code run_fact}), so a backtest can read them again with
 * another version's declared types.
 */
public record RunFacts(Agent agent, List<?> facts, Set<String> completeTypes, List<JsonNode> posted) {

    /** A run whose facts tell nothing beyond their findings: findings are deduplicated, never resolved. */
    public static final RunFacts NONE = new RunFacts(null, List.of(), Set.of());

    public RunFacts {
        facts = facts == null ? List.of() : facts;
        completeTypes = completeTypes == null ? Set.of() : Set.copyOf(completeTypes);
        posted = posted == null ? List.of() : List.copyOf(posted);
    }

    public RunFacts(Agent agent, List<?> facts, Set<String> completeTypes) {
        this(agent, facts, completeTypes, List.of());
    }

    /** What the fact reports on; nothing when the agent cannot say, so that one odd fact never fails its run's log. */
    FactSubject subjectOf(Object fact) {
        if (agent == null || fact == null) {
            return FactSubject.NONE;
        }
        try {
            FactSubject s = agent.subjectOf(fact);
            return s == null ? FactSubject.NONE : s;
        } catch (RuntimeException e) {
            return FactSubject.NONE;
        }
    }
}
