package io.log2.intelligence.proposal;

import io.log2.logic.CompiledRuleSet;
import io.log2.logic.DeclaredFactReader;
import io.log2.logic.InvalidRequestException;
import io.log2.logs.StoredRunFacts;
import io.log2.logs.StoredRunFacts.StoredRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history of an agent whose fact types are declared in its DRL: the facts posted to its last
 * {@code log2.proposals.replay-runs} runs, read once with the current and once with the candidate rule set's
 * declared types. Each compiled rule set has classes of its own, so the facts of one cannot be evaluated by the other.
 */
@ApplicationScoped
public class DeclaredReplayHistory {

    /**
     * The runs as each side reads them, in the same order. A run the current types refuse (posted to an older
     * version with other types) is left out of both; one the candidate's types refuse is left out too, and said
     * in {@code refused}: the candidate would turn such runs away. {@code runTimes} gives each fact of both sides the
     * start of its run: declared types tell no time of their own, and the log timed their findings so.
     */
    public record Sides(List<List<Object>> before, List<List<Object>> after, List<String> refused,
                        Map<Object, Instant> runTimes) {
    }

    @Inject
    StoredRunFacts stored;
    @Inject
    ProposalConfig config;

    public Sides read(CompiledRuleSet current, CompiledRuleSet candidate) {
        String agent = current.agent();
        List<List<Object>> before = new ArrayList<>();
        List<List<Object>> after = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Map<Object, Instant> runTimes = new IdentityHashMap<>();
        for (StoredRun run : stored.last(agent, config.replayRuns())) {
            List<Object> b;
            try {
                b = DeclaredFactReader.read(agent, current.kieBase(), run.facts());
            } catch (InvalidRequestException e) {
                continue;
            }
            try {
                List<Object> a = DeclaredFactReader.read(agent, candidate.kieBase(), run.facts());
                after.add(a);
                before.add(b);
                a.forEach(f -> runTimes.put(f, run.startedAt()));
                b.forEach(f -> runTimes.put(f, run.startedAt()));
            } catch (InvalidRequestException e) {
                refused.add("run " + run.runId() + ": " + e.getMessage());
            }
        }
        return new Sides(before, after, refused, runTimes);
    }
}
