package io.log2.intelligence.proposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.TableEditor;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.ApprovalGate;
import io.log2.logic.Evaluator;
import io.log2.logic.FileChange;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleProblem;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetActivated;
import io.log2.logic.RuleSetService;
import io.log2.logic.RunLimits;
import io.log2.logic.VersionStore;
import io.log2.logs.RunLogged;
import io.log2.logs.RunRecord;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Proposals: made by a person through the API or by a learner, each carried by its process
 * ({@link ProposalProcess}, steps in {@link ProposalSteps}): validated, approved by an approver or automatically,
 * deployed, watched and kept or rolled back. The proposal's row is the truth; on start every unfinished proposal's
 * process is entered again at its stored node, so a pending approval and a running watch survive a restart.
 */
@ApplicationScoped
public class ProposalService implements ApprovalGate {

    private static final Logger LOG = Logger.getLogger(ProposalService.class);
    private static final String CHANGES = "/changes";
    private static final RunLimits REPLAY = new RunLimits(10_000_000, Duration.ofSeconds(30));

    /** What a proposal is made of: its row changes and its evidence. */
    public record NewProposal(String learner, Instant trainingFrom, Instant trainingTo, Integer samples, String reason,
                              List<RowChange> changes) {
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    VersionStore versions;
    @Inject
    ObjectMapper json;
    @Inject
    ProposalProcess process;
    @Inject
    RetiredIds retiredIds;

    /** A watched deployment: a run of another agent or version costs nothing. */
    private record Watched(String agent, int version) {
    }

    /** Watching proposals by id. */
    private final Map<Long, Watched> watching = new ConcurrentHashMap<>();
    /** The version each watched deployment replaced, compiled once, to count what it would have raised. */
    private final Map<Long, CompiledRuleSet> replaced = new ConcurrentHashMap<>();
    /**
     * Wakes the watches another version ended. Not in the thread that activated it: that thread holds the agent's
     * rule-set lock, and a process step that deploys or rolls back takes the engine's lock before that one.
     */
    private final ExecutorService wakes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "proposal-watch-end");
        t.setDaemon(true);
        return t;
    });

    void onStart(@Observes @Priority(5000) StartupEvent event) {
        resumeUnfinished();
    }

    /** Enters the process of every unfinished proposal again at its stored node, oldest first. */
    public void resumeUnfinished() {
        watching.clear();
        replaced.clear();
        List<Proposal> unfinished = QuarkusTransaction.requiringNew().call(() -> Proposal.<Proposal>list(
                "state in ?1 order by id", List.of(Proposal.VALIDATING, Proposal.AWAITING_APPROVAL, Proposal.DEPLOYING, Proposal.WATCHING)));
        for (Proposal p : unfinished) {
            try {
                process.enterAt(p.id, p.node);
                LOG.infof("proposal %d of agent %s: process entered again at %s", p.id, p.agent, p.node);
            } catch (RuntimeException e) {
                LOG.errorf(e, "proposal %d of agent %s: its process cannot be entered again at %s", p.id, p.agent, p.node);
            }
            track(p.id);
        }
        watching.forEach((id, watched) -> ruleSets.activeIfAny(watched.agent())
                .filter(active -> active.version() != watched.version()).ifPresent(active -> wake(id)));
    }

    @PreDestroy
    void stop() {
        wakes.shutdownNow();
    }

    /**
     * Another version of an agent became active (by hand, by another proposal, an upload or a file edit): the watch
     * of every deployment of that agent it replaced ends, as {@code superseded}, so that no later roll back undoes
     * that choice. A roll back's own activation wakes its proposal too, which by then has finished.
     */
    void onActivated(@Observes RuleSetActivated event) {
        RuleSet active = event.ruleSet();
        List<Long> ended = watching.entrySet().stream()
                .filter(e -> e.getValue().agent().equals(active.agent()) && e.getValue().version() != active.version())
                .map(Map.Entry::getKey).toList();
        if (!ended.isEmpty()) {
            wakes.execute(() -> ended.forEach(this::wake));
        }
    }

    private synchronized void wake(long id) {
        try {
            process.wake(id);
            track(id);
        } catch (RuntimeException e) {
            LOG.errorf(e, "proposal %d: ending its watch failed", id);
        }
    }

    /**
     * Stores a proposal and starts its process. Changes that name a file, table, column or row that does not exist
     * are refused before anything is stored (400); a proposal that validation refuses is stored as refused and
     * {@link ProposalRefusedException} says why.
     */
    public Proposal propose(String agent, NewProposal request, String user) {
        ruleSets.agent(agent);
        check(request);
        RuleSet active = ruleSets.active(agent);
        TableEditor.apply(active.compiled().files(), request.changes(), "", CHANGES);
        retiredIds.check(agent, request.changes(), CHANGES);
        long id = QuarkusTransaction.requiringNew().call(() -> {
            Proposal created = new Proposal();
            created.agent = agent;
            created.state = Proposal.VALIDATING;
            created.node = ProposalProcess.VALIDATE;
            created.learner = request.learner() == null || request.learner().isBlank() ? "person" : request.learner().strip();
            created.trainingFrom = request.trainingFrom();
            created.trainingTo = request.trainingTo();
            created.sampleCount = request.samples();
            created.reason = request.reason();
            created.changes = write(request.changes());
            created.baseVersion = active.version();
            created.createdBy = user;
            created.createdAt = Instant.now();
            created.updatedAt = created.createdAt;
            created.persist();
            ProposalEvent.of(created.id, user, "proposed", request.changes().size() + " row change(s) to version "
                    + active.version()).persist();
            return created.id;
        });
        process.start(id);
        return afterStep(id);
    }

    /**
     * Proposes whole files (an upload while approval is required): stored and validated like row changes, then it
     * waits for an approver, never approved automatically. An upload equal to one that waits already is that one.
     *
     * @throws ProposalRefusedException when the candidate rule set does not compile (the proposal is stored as refused)
     */
    public Proposal proposeFiles(String agent, List<FileChange> files, String source, String user) {
        Held held = hold(agent, files, source, user);
        if (held.isNew()) {
            process.start(held.id());
        }
        return afterStep(held.id());
    }

    @Override
    public Held hold(String agent, List<FileChange> files, String source, String user) {
        RuleSet active = ruleSets.active(agent);
        String reason = describe(files, source);
        return QuarkusTransaction.requiringNew().call(() -> {
            for (Proposal waiting : Proposal.<Proposal>list("agent = ?1 and kind = ?2 and state in ?3 order by id", agent,
                    Proposal.FILES, List.of(Proposal.VALIDATING, Proposal.AWAITING_APPROVAL))) {
                if (same(ProposalFile.of(waiting.id), files)) {
                    return new Held(waiting.id, false);
                }
            }
            Proposal created = new Proposal();
            created.agent = agent;
            created.kind = Proposal.FILES;
            created.source = source;
            created.state = Proposal.VALIDATING;
            created.node = ProposalProcess.VALIDATE;
            created.learner = "person";
            created.reason = reason;
            created.changes = "[]";
            created.baseVersion = active.version();
            created.createdBy = user;
            created.createdAt = Instant.now();
            created.updatedAt = created.createdAt;
            created.persist();
            for (FileChange file : files) {
                ProposalFile.of(created.id, file).persist();
            }
            ProposalEvent.of(created.id, user, "proposed", reason + ", on version " + active.version()).persist();
            return new Held(created.id, true);
        });
    }

    @Override
    public void begin(long id) {
        process.start(id);
        track(id);
    }

    /** The files a proposal of files proposes (none for row changes). */
    public List<FileChange> files(Proposal p) {
        return p.ofFiles() ? QuarkusTransaction.requiringNew().call(() -> ProposalFile.of(p.id)) : List.of();
    }

    private static boolean same(List<FileChange> a, List<FileChange> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (FileChange x : a) {
            if (b.stream().noneMatch(y -> y.name().equals(x.name()) && Arrays.equals(y.content(), x.content()))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<FileChange> files, String source) {
        String names = String.join(", ", files.stream().map(f -> f.name() + (f.removes() ? " (removed)" : "")).toList());
        String text = ("upload".equals(source) ? "upload of " : "edit of the rules folder: ") + names;
        return text.length() <= 900 ? text : text.substring(0, 897) + "...";
    }

    /** Approves a proposal waiting for approval: the approver's task is completed and the process deploys it. */
    public Proposal approve(long id, String user, String reason) {
        decide(id, user, "approved", reason, Proposal.DEPLOYING, ProposalProcess.DEPLOY);
        process.completeApproval(id);
        return afterStep(id);
    }

    /** Rejects a proposal waiting for approval; nothing is deployed. */
    public Proposal reject(long id, String user, String reason) {
        decide(id, user, "rejected", reason, Proposal.REJECTED, null);
        process.completeApproval(id);
        return afterStep(id);
    }

    /**
     * After each run of a watched version: counts its alerts and those the replaced version raises on the same facts,
     * and lets the process compare them with the backtest's promise (and roll back if they are worse).
     */
    void onRun(@Observes RunLogged event) {
        if (watching.isEmpty()) {
            return;
        }
        RunRecord run = event.run();
        watching.forEach((id, watched) -> {
            if (watched.agent().equals(run.agent()) && watched.version() == run.version()) {
                try {
                    watch(id, run);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "proposal %d: watching run %s failed", id, run.runId());
                }
            }
        });
    }

    private synchronized void watch(long id, RunRecord run) {
        Proposal p = ProposalStore.get(id);
        if (!Proposal.WATCHING.equals(p.state) || p.deployedVersion == null || p.deployedVersion != run.version()) {
            return;
        }
        long alerts = run.findings().stream().filter(f -> Finding.ALERT.equals(f.kind())).count();
        long before = alertsOf(replaced(p), run.facts().facts());
        ProposalStore.update(id, ProposalSteps.SYSTEM, null, null, x -> {
            x.watchRuns++;
            x.watchFacts += run.factCount();
            x.watchAlerts += alerts;
            x.watchAlertsBefore += before;
        });
        process.runLogged(id);
        track(id);
    }

    private CompiledRuleSet replaced(Proposal p) {
        return replaced.computeIfAbsent(p.id, x -> ruleSets.compileCandidate(p.agent, versions.files(
                versions.version(p.agent, p.replacedVersion).orElseThrow().id)));
    }

    private static long alertsOf(CompiledRuleSet compiled, List<?> facts) {
        if (facts.isEmpty()) {
            return 0;
        }
        Findings findings = new Findings(compiled, "watch", () -> 0);
        Evaluator.evaluate(new RuleSet(compiled, 0, "watch", Instant.now()), facts, findings, null, REPLAY);
        return findings.items().stream().filter(f -> Finding.ALERT.equals(f.kind())).count();
    }

    public Proposal proposal(long id) {
        return ProposalStore.get(id);
    }

    /** An agent's proposals, newest first, optionally in one state. */
    public List<Proposal> proposals(String agent, String state) {
        ruleSets.agent(agent);
        return QuarkusTransaction.requiringNew().call(() -> state == null
                ? Proposal.<Proposal>list("agent = ?1 order by id desc", agent)
                : Proposal.<Proposal>list("agent = ?1 and state = ?2 order by id desc", agent, state));
    }

    public List<ProposalEvent> events(long id) {
        return QuarkusTransaction.requiringNew().call(() -> ProposalEvent.of(id));
    }

    public List<RowChange> changes(Proposal p) {
        return ProposalStore.changes(json, p);
    }

    public List<RuleProblem> problems(Proposal p) {
        return ProposalStore.problems(json, p);
    }

    /** Where the proposal's process instance is now in this service (the names of its active nodes). */
    public List<String> processAt(long id) {
        return process.activeNodes(id);
    }

    /** The proposal after a step of its process; a refusal during that step is answered as one. */
    private Proposal afterStep(long id) {
        track(id);
        Proposal p = ProposalStore.get(id);
        if (Proposal.REFUSED.equals(p.state)) {
            throw new ProposalRefusedException(id, "proposal " + id + " is refused: " + p.decisionReason, problems(p));
        }
        return p;
    }

    private void track(long id) {
        Proposal p = ProposalStore.get(id);
        if (Proposal.WATCHING.equals(p.state) && p.deployedVersion != null) {
            watching.put(id, new Watched(p.agent, p.deployedVersion));
        } else {
            watching.remove(id);
            replaced.remove(id);
        }
    }

    /** Records an approver's decision on a proposal that waits for one; any other state is a conflict. */
    private synchronized void decide(long id, String user, String event, String reason, String state, String node) {
        QuarkusTransaction.requiringNew().run(() -> {
            Proposal p = Proposal.<Proposal>findByIdOptional(id)
                    .orElseThrow(() -> new java.util.NoSuchElementException("there is no proposal " + id));
            if (!Proposal.AWAITING_APPROVAL.equals(p.state)) {
                throw new ProposalConflictException("proposal " + id + " is " + p.state + ", so it cannot be " + event
                        + " (only a proposal that is " + Proposal.AWAITING_APPROVAL + " can)");
            }
            p.state = state;
            p.node = node;
            p.decidedBy = user;
            p.decidedAt = Instant.now();
            p.decisionReason = reason;
            p.updatedAt = p.decidedAt;
            ProposalEvent.of(id, user, event, reason).persist();
        });
    }

    private static void check(NewProposal request) {
        if (request == null || request.changes() == null || request.changes().isEmpty()) {
            throw new InvalidRequestException("a proposal needs at least one row change in \"changes\"", CHANGES);
        }
        if (request.trainingFrom() != null && request.trainingTo() != null && request.trainingTo().isBefore(request.trainingFrom())) {
            throw new InvalidRequestException("the training window ends before it starts", "/trainingTo");
        }
        if (request.reason() != null && request.reason().length() > 1000) {
            throw new InvalidRequestException("the reason is longer than 1000 characters", "/reason");
        }
        if (request.learner() != null && request.learner().length() > 128) {
            throw new InvalidRequestException("the learner's name is longer than 128 characters", "/learner");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
