package io.log2.intelligence.proposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.intelligence.RowChange;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleProblem;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetRejectedException;
import io.log2.logic.RuleSetService;
import io.log2.logic.RuleSetVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Proposals: made by a person through the API or by a learner, validated (the candidate rule set must compile),
 * approved or rejected, and deployed as a new rule-set version that records the proposal, its learner, its
 * training window and its approver. Every step is stored with who did it ({@link ProposalEvent}); each write is
 * its own transaction, so a refused proposal is kept with its reasons even though the request fails.
 */
@ApplicationScoped
public class ProposalService {

    private static final Logger LOG = Logger.getLogger(ProposalService.class);
    private static final String CHANGES = "/changes";

    /** What a proposal is made of: its row changes and its evidence. */
    public record NewProposal(String learner, Instant trainingFrom, Instant trainingTo, Integer samples, String reason,
                              List<RowChange> changes) {
    }

    @Inject
    RuleSetService ruleSets;
    @Inject
    ObjectMapper json;
    @Inject
    Backtest backtest;

    /**
     * Stores a proposal and validates it: its changes must name existing files, tables, columns and rows (else
     * 400 and nothing is stored), and the candidate rule set must compile (else it is stored as refused and
     * {@link ProposalRefusedException} says why).
     */
    public Proposal propose(String agent, NewProposal request, String user) {
        ruleSets.agent(agent);
        check(request);
        RuleSet active = ruleSets.active(agent);
        // every change must apply before anything is stored
        TableEditor.apply(active.compiled().files(), request.changes(), "", CHANGES);
        Proposal p = QuarkusTransaction.requiringNew().call(() -> {
            Proposal created = new Proposal();
            created.agent = agent;
            created.state = Proposal.AWAITING_APPROVAL;
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
            return created;
        });
        CompiledRuleSet candidate;
        try {
            candidate = candidate(p, active.compiled().files());
        } catch (RuleSetRejectedException e) {
            throw refuse(p, "the candidate rule set does not compile", e.problems());
        }
        Backtest.Result result = backtest.compare(active.compiled(), candidate, touched(request.changes()));
        String evidence = write(result);
        if (result.regresses()) {
            QuarkusTransaction.requiringNew().run(() -> Proposal.<Proposal>findById(p.id).backtest = evidence);
            throw refuse(p, "its backtest regresses", result.regressions().stream()
                    .map(r -> new RuleProblem(null, null, null, r)).toList());
        }
        update(p.id, "system", "validated", String.format(java.util.Locale.ROOT,
                "compiles; backtest over %d facts: %d alerts before, %d after", result.facts(),
                result.before().alerts(), result.after().alerts()), x -> x.backtest = evidence);
        return proposal(p.id);
    }

    /** Approves a proposal waiting for approval and deploys it as a new version of its agent's rule set. */
    public Proposal approve(long id, String user, String reason) {
        Proposal p = proposal(id);
        requireState(p, Proposal.AWAITING_APPROVAL, "approved");
        update(id, user, "approved", reason, x -> {
            x.state = Proposal.DEPLOYING;
            x.decidedBy = user;
            x.decidedAt = Instant.now();
            x.decisionReason = reason;
        });
        return deploy(id);
    }

    /** Rejects a proposal waiting for approval; nothing is deployed. */
    public Proposal reject(long id, String user, String reason) {
        Proposal p = proposal(id);
        requireState(p, Proposal.AWAITING_APPROVAL, "rejected");
        update(id, user, "rejected", reason, x -> {
            x.state = Proposal.REJECTED;
            x.decidedBy = user;
            x.decidedAt = Instant.now();
            x.decisionReason = reason;
        });
        return proposal(id);
    }

    /**
     * Deploys an approved proposal: its changes are applied to the rules active now (another change may have
     * been made since it was proposed), compiled, written and swapped in as a version of source {@code proposal}.
     */
    public Proposal deploy(long id) {
        Proposal p = proposal(id);
        RuleSet active = ruleSets.active(p.agent);
        CompiledRuleSet compiled;
        try {
            compiled = candidate(p, active.compiled().files());
        } catch (RuleSetRejectedException e) {
            throw refuse(p, "the proposal no longer compiles with the rules active now", e.problems());
        } catch (InvalidRequestException e) {
            throw refuse(p, "the proposal no longer applies to the rules active now",
                    List.of(new RuleProblem(null, null, null, e.getMessage())));
        }
        RuleSet deployed = ruleSets.deployCandidate(compiled, RuleSetVersion.SOURCE_PROPOSAL, versionReason(p), p.decidedBy);
        update(id, "system", "deployed", "version " + deployed.version(), x -> {
            x.state = Proposal.DEPLOYED;
            x.deployedVersion = deployed.version();
        });
        LOG.infof("proposal %d of agent %s deployed as version %d", id, p.agent, deployed.version());
        return proposal(id);
    }

    public Proposal proposal(long id) {
        return QuarkusTransaction.requiringNew().call(() -> Proposal.<Proposal>findByIdOptional(id)
                .orElseThrow(() -> new NoSuchElementException("there is no proposal " + id)));
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
        try {
            return json.readValue(p.changes, new TypeReference<List<RowChange>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored changes of proposal " + p.id + " cannot be read", e);
        }
    }

    public List<RuleProblem> problems(Proposal p) {
        if (p.problems == null) {
            return List.of();
        }
        try {
            return json.readValue(p.problems, new TypeReference<List<RuleProblem>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored problems of proposal " + p.id + " cannot be read", e);
        }
    }

    /** The proposal's changes applied to these files, with its provenance, compiled. */
    private CompiledRuleSet candidate(Proposal p, List<RuleFile> files) {
        List<RuleFile> changed = TableEditor.apply(files, changes(p), provenance(p), CHANGES);
        return ruleSets.compileCandidate(p.agent, changed);
    }

    private static java.util.Set<String> touched(List<RowChange> changes) {
        return changes.stream().filter(c -> c.kind() != RowChange.Kind.REMOVE).map(RowChange::rowId)
                .collect(java.util.stream.Collectors.toSet());
    }

    private ProposalRefusedException refuse(Proposal p, String why, List<RuleProblem> problems) {
        update(p.id, "system", "refused", why + ": " + problems, x -> {
            x.state = Proposal.REFUSED;
            x.problems = write(problems);
        });
        LOG.warnf("proposal %d of agent %s refused: %s %s", p.id, p.agent, why, problems);
        return new ProposalRefusedException(p.id, "proposal " + p.id + " is refused: " + why, problems);
    }

    private void update(long id, String actor, String event, String detail, Consumer<Proposal> change) {
        QuarkusTransaction.requiringNew().run(() -> {
            Proposal p = Proposal.findById(id);
            change.accept(p);
            p.updatedAt = Instant.now();
            ProposalEvent.of(id, actor, event, detail).persist();
        });
    }

    private static void requireState(Proposal p, String state, String action) {
        if (!state.equals(p.state)) {
            throw new ProposalConflictException("proposal " + p.id + " is " + p.state + ", so it cannot be " + action
                    + " (only a proposal that is " + state + " can)");
        }
    }

    /** What the Provenance cell of each row the proposal adds or changes says; no quotes, as it is DRL metadata. */
    static String provenance(Proposal p) {
        String text = "proposal " + p.id + "; learner " + p.learner
                + (p.trainingFrom != null || p.trainingTo != null
                ? "; trained on " + (p.trainingFrom == null ? "…" : p.trainingFrom) + " to " + (p.trainingTo == null ? "…" : p.trainingTo)
                : "");
        return text.replace('"', '\'').replace('\\', '/');
    }

    private static String versionReason(Proposal p) {
        String text = provenance(p) + "; approved by " + p.decidedBy + (p.reason == null ? "" : ": " + p.reason);
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
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
