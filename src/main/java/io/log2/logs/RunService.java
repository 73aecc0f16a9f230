package io.log2.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.config.Log2Config;
import io.log2.logic.Agent;
import io.log2.logic.DeclaredFactReader;
import io.log2.logic.Evaluator;
import io.log2.logic.FactReader;
import io.log2.logic.Findings;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetService;
import io.log2.logic.RunLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an agent's active rules over a set of facts and logs the run. Durability: when {@link #run} returns,
 * the run, its findings and every one of its firings are committed to the database. A run that goes past its
 * limits ({@code log2.run.*}) is stopped and logged as {@value RunRecord#ABORTED} with what it fired until then.
 */
@ApplicationScoped
public class RunService {

    /** The findings a run's answer lists; the rest are paged from its link. */
    public static final int FINDINGS_SHOWN = 1000;

    private final FactReader factReader = new FactReader();

    @Inject
    RuleSetService ruleSets;
    @Inject
    RunLog log;
    @Inject
    Log2Config config;
    @Inject
    Event<RunLogged> logged;
    @Inject
    Event<ActionsRaised> actionsRaised;

    public RunResult runJson(String agentName, List<JsonNode> json) {
        Agent agent = ruleSets.agent(agentName);
        ruleSets.checkEnabled(agentName);
        if (agent.declaresFactTypes()) {
            // the facts are made of the classes of one version's declared types, and run on that version
            RuleSet ruleSet = ruleSets.active(agentName);
            List<Object> facts = DeclaredFactReader.read(agentName, ruleSet.compiled().kieBase(), json);
            return run(agent, ruleSet, facts, List.of(), Set.of(), json);
        }
        List<Object> facts = factReader.read(agent, json);
        return runFacts(agentName, facts);
    }

    public RunResult runFacts(String agentName, List<?> facts) {
        return runFacts(agentName, facts, List.of());
    }

    /**
     * Runs facts gathered from sources of which some failed: the run is marked partial and {@code problems}
     * (one line per failed source) is stored with it.
     */
    public RunResult runFacts(String agentName, List<?> facts, List<String> problems) {
        return runFacts(agentName, facts, problems, Set.of());
    }

    /**
     * Runs facts of which {@code completeTypes} are held completely (every such fact that exists is among them, as
     * in a full inventory): an open finding on a fact of such a type that the run no longer raises is resolved.
     */
    public RunResult runFacts(String agentName, List<?> facts, List<String> problems, Set<Class<?>> completeTypes) {
        Agent agent = ruleSets.agent(agentName);
        ruleSets.checkEnabled(agentName);
        return run(agent, ruleSets.active(agentName), facts, problems, completeTypes, List.of());
    }

    /** @param posted the facts as JSON, kept with the run when the agent declares its types (for backtests) */
    private RunResult run(Agent agent, RuleSet ruleSet, List<?> facts, List<String> problems, Set<Class<?>> completeTypes,
                          List<JsonNode> posted) {
        String agentName = agent.name();
        String runId = UUID.randomUUID().toString();
        FiringCapture capture = new FiringCapture(ruleSet.compiled());
        Findings findings = new Findings(ruleSet.compiled(), runId, capture::currentSeq);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Evaluator.Evaluation evaluation = Evaluator.evaluate(ruleSet, facts, findings, capture, limits());
        long duration = System.nanoTime() - start;
        Set<String> complete = completeTypes.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        List<String> runProblems = new ArrayList<>(problems);
        if (evaluation.aborted()) {
            runProblems.add("aborted: " + evaluation.abortedBecause());
        }
        RunRecord record = new RunRecord(runId, agentName, ruleSet.version(), startedAt, duration, facts.size(),
                List.copyOf(findings.items()), capture.firings(), List.copyOf(runProblems),
                new java.util.concurrent.CompletableFuture<>(), new RunFacts(agent, facts, complete, posted),
                new AtomicReference<>(List.of()), evaluation.aborted());
        awaitCommit(log.submit(record));
        logged.fire(new RunLogged(record));
        if (!findings.actions().isEmpty()) {
            actionsRaised.fire(new ActionsRaised(record, List.copyOf(findings.actions())));
        }
        List<RunFinding> touched = record.loggedFindings().get();
        boolean more = touched.size() > FINDINGS_SHOWN;
        return new RunResult(runId, agentName, ruleSet.version(), record.status(), record.problems(), startedAt, duration,
                facts.size(), record.firings().size(), more ? List.copyOf(touched.subList(0, FINDINGS_SHOWN)) : touched,
                more ? moreFindings(runId, FINDINGS_SHOWN) : null);
    }

    /** The link to a run's findings after the first {@code shown}, in the order the run touched them. */
    public static String moreFindings(String runId, int shown) {
        return "/api/runs/" + runId + "/findings?cursor=" + AuditQueries.encode(shown);
    }

    private RunLimits limits() {
        return new RunLimits(config.run().maxFirings(), config.run().maxTime());
    }

    private void awaitCommit(java.util.concurrent.CompletableFuture<Void> committed) {
        try {
            committed.get(config.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while writing the run to the log", e);
        } catch (ExecutionException e) {
            // The writer's own words, which never carry SQL or another run's data.
            if (e.getCause() instanceof LogUnavailableException unavailable) {
                throw new LogUnavailableException(unavailable.getMessage(), unavailable);
            }
            throw new LogUnavailableException("the run could not be written to the log", e);
        } catch (TimeoutException e) {
            throw new LogUnavailableException("the run was not written to the log within "
                    + config.commitTimeout().toSeconds() + " s, so its result is not returned; try again later", e);
        }
    }
}
