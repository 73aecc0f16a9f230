package io.log2.intelligence.proposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.TableEditor;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.FileChange;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import io.log2.logic.RuleProblem;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetRejectedException;
import io.log2.logic.RuleSetService;
import io.log2.logic.RuleSetVersion;
import io.log2.logic.VersionStore;
import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The steps of the proposal process ({@code processes/proposal.bpmn2}), each called by a script task with the
 * proposal's id and answering the outcome its gateway reads. Each step stores the proposal's new state and the node
 * it waits at next, with an event saying who did what, in its own transaction.
 */
@Unremovable
@ApplicationScoped
public class ProposalSteps {

    private static final Logger LOG = Logger.getLogger(ProposalSteps.class);
    static final String SYSTEM = "system";

    @Inject
    RuleSetService ruleSets;
    @Inject
    ObjectMapper json;
    @Inject
    Backtest backtest;
    @Inject
    ProposalConfig config;
    @Inject
    FeedbackLabels labels;
    @Inject
    RetiredIds retiredIds;
    @Inject
    VersionStore versions;

    /** The bean, for the process's script tasks. */
    public static ProposalSteps steps() {
        return Arc.container().instance(ProposalSteps.class).get();
    }

    /**
     * Compiles the candidate and backtests it: {@code refused}, {@code approved} (automatically, where configuration
     * allows and the labels show a gain above the bar) or {@code waiting} for an approver.
     */
    public String validate(Long id) {
        Proposal p = ProposalStore.get(id);
        RuleSet active = ruleSets.active(p.agent);
        CompiledRuleSet candidate;
        try {
            candidate = candidate(p, active.compiled().files());
        } catch (RuleSetRejectedException e) {
            refuse(p, "the candidate rule set does not compile", e.problems());
            return "refused";
        } catch (InvalidRequestException e) {
            refuse(p, "the changes no longer apply to the rules active now", List.of(new RuleProblem(null, null, null, e.getMessage())));
            return "refused";
        }
        if (p.ofFiles() && candidate.contentHash().equals(active.compiled().contentHash())) {
            refuse(p, "it changes nothing", List.of(new RuleProblem(null, null, null,
                    "the files are those of version " + active.version() + ", which is active")));
            return "refused";
        }
        Backtest.Result result = backtest.compare(active.compiled(), candidate, touched(ProposalStore.changes(json, p)));
        String evidence = write(result);
        // a person's files are backtested for the approver to see, not refused on the figures: a new rule raises
        // alerts the old rules did not, and the approver is the one to judge that
        if (result.regresses() && !p.ofFiles()) {
            ProposalStore.update(id, SYSTEM, "backtested", null, x -> x.backtest = evidence);
            refuse(p, "its backtest regresses", result.regressions().stream().map(r -> new RuleProblem(null, null, null, r)).toList());
            return "refused";
        }
        String summary = String.format(Locale.ROOT, "compiles; backtest over %d facts: %d alerts before, %d after",
                result.facts(), result.before().alerts(), result.after().alerts());
        String gain = p.ofFiles() ? null : automaticGain(result);
        if (gain != null) {
            ProposalStore.update(id, SYSTEM, "approved", summary + "; approved automatically: " + gain, x -> {
                x.backtest = evidence;
                x.state = Proposal.DEPLOYING;
                x.node = ProposalProcess.DEPLOY;
                x.decidedBy = SYSTEM;
                x.decidedAt = Instant.now();
                x.decisionReason = "approved automatically: " + gain;
            });
            return "approved";
        }
        ProposalStore.update(id, SYSTEM, "validated", summary, x -> {
            x.backtest = evidence;
            x.state = Proposal.AWAITING_APPROVAL;
            x.node = ProposalProcess.APPROVAL;
        });
        return "waiting";
    }

    /** After the approver's task: {@code approved} or {@code rejected}, as the approve or reject endpoint stored it. */
    public String decision(Long id) {
        return Proposal.DEPLOYING.equals(ProposalStore.get(id).state) ? "approved" : "rejected";
    }

    /**
     * Applies the changes to the rules active now and deploys them as a new version recording the proposal, its
     * learner, training window and approver: {@code watching}, or {@code refused} when they no longer apply or compile.
     */
    public String deploy(Long id) {
        Proposal p = ProposalStore.get(id);
        RuleSet active = ruleSets.active(p.agent);
        String changedSince = p.ofFiles() ? changedSince(p, active) : null;
        if (changedSince != null) {
            refuse(p, "its files were changed since it was made", List.of(new RuleProblem(null, null, null, changedSince)));
            return "refused";
        }
        CompiledRuleSet compiled;
        try {
            compiled = candidate(p, active.compiled().files());
        } catch (RuleSetRejectedException e) {
            refuse(p, "the proposal no longer compiles with the rules active now", e.problems());
            return "refused";
        } catch (InvalidRequestException e) {
            refuse(p, "the proposal no longer applies to the rules active now", List.of(new RuleProblem(null, null, null, e.getMessage())));
            return "refused";
        }
        RuleSet deployed = p.ofFiles()
                ? ruleSets.deployCandidate(compiled, "upload".equals(p.source) ? RuleSetVersion.SOURCE_UPLOAD : RuleSetVersion.SOURCE_FILE,
                        fileVersionReason(p), p.createdBy)
                : ruleSets.deployCandidate(compiled, RuleSetVersion.SOURCE_PROPOSAL, versionReason(p), p.decidedBy);
        ProposalStore.update(id, SYSTEM, "deployed", "version " + deployed.version() + " replaces version " + active.version(), x -> {
            x.state = Proposal.WATCHING;
            x.node = ProposalProcess.WATCH;
            x.deployedVersion = deployed.version();
            x.replacedVersion = active.version();
        });
        LOG.infof("proposal %d of agent %s deployed as version %d", id, p.agent, deployed.version());
        return "watching";
    }

    /**
     * Compares the runs watched so far with the backtest's promise: {@code worse} when a learned change's alerts exceed
     * those the replaced version raised on the same facts by more than the backtest's change plus
     * {@code log2.proposals.watch-tolerance}, or when its alerts people labelled are noisier than the backtest's
     * precision by more than that tolerance; {@code superseded} when another version is active now;
     * {@code kept} after {@code log2.proposals.watch-runs} runs; else {@code watching}.
     */
    public String check(Long id) {
        Proposal p = ProposalStore.get(id);
        String superseded = superseded(p);
        if (superseded != null) {
            ProposalStore.update(id, SYSTEM, "superseded", superseded, x -> {
                x.state = Proposal.SUPERSEDED;
                x.node = null;
                x.decisionReason = superseded;
            });
            LOG.infof("proposal %d of agent %s: %s", id, p.agent, superseded);
            return "superseded";
        }
        double promised = promisedChange(p);
        double live = (p.watchAlerts - p.watchAlertsBefore) / (double) Math.max(p.watchAlertsBefore, 1);
        // A person's files are approved knowing that a new rule raises alerts the old rules did not: their watch
        // reads the labels only, while a learned change must also keep the alert volume its backtest promised.
        if (!p.ofFiles() && p.watchAlerts > p.watchAlertsBefore && live > promised + config.watchTolerance()) {
            String why = String.format(Locale.ROOT, "over %d run(s) the new version raised %d alerts where version %d raised %d "
                    + "(%+.0f%%); the backtest promised %+.0f%%", p.watchRuns, p.watchAlerts, p.replacedVersion,
                    p.watchAlertsBefore, live * 100, promised * 100);
            ProposalStore.update(id, SYSTEM, "worse", why, x -> x.decisionReason = why);
            return "worse";
        }
        String noisier = noisier(p);
        if (noisier != null) {
            ProposalStore.update(id, SYSTEM, "worse", noisier, x -> x.decisionReason = noisier);
            return "worse";
        }
        if (p.watchRuns >= config.watchRuns()) {
            ProposalStore.update(id, SYSTEM, "kept", String.format(Locale.ROOT, "%d runs watched: %d alerts, %d with version %d",
                    p.watchRuns, p.watchAlerts, p.watchAlertsBefore, p.replacedVersion), x -> {
                x.state = Proposal.DEPLOYED;
                x.node = null;
            });
            return "kept";
        }
        return "watching";
    }

    /** Why the watch of a deployment ends because another version is active now, or null. */
    private String superseded(Proposal p) {
        RuleSet active = ruleSets.activeIfAny(p.agent).orElse(null);
        if (active == null || p.deployedVersion == null || active.version() == p.deployedVersion) {
            return null;
        }
        String by = versions.version(p.agent, active.version()).map(v -> " by " + v.createdBy).orElse("");
        return "version " + active.version() + " (" + active.source() + by + ") was made active while version "
                + p.deployedVersion + " was watched: the watch ends after " + p.watchRuns + " run(s), nothing is rolled back";
    }

    /** Activates the replaced version again, recording why. */
    public void rollBack(Long id) {
        Proposal p = ProposalStore.get(id);
        RuleSet back = ruleSets.activateStored(p.agent, p.replacedVersion, SYSTEM,
                "roll back of proposal " + id + ": " + p.decisionReason);
        ProposalStore.update(id, SYSTEM, "rolled-back", "version " + back.version() + " has the rules of version "
                + p.replacedVersion + " again", x -> {
            x.state = Proposal.ROLLED_BACK;
            x.node = null;
        });
        LOG.warnf("proposal %d of agent %s rolled back: %s", id, p.agent, p.decisionReason);
    }

    /**
     * Why the alerts the new version raised and people labelled are noisier than the backtest's precision promised
     * (by more than {@code log2.proposals.watch-tolerance}), or null: also null while none is labelled or where the
     * backtest had no labels to promise a precision with.
     */
    private String noisier(Proposal p) {
        Double promised = promisedPrecision(p);
        if (promised == null) {
            return null;
        }
        long[] counts = labels.ofVersion(p.agent, p.deployedVersion);
        long useful = counts[0];
        long noise = counts[1];
        if (noise == 0) {
            return null;
        }
        double live = useful / (double) (useful + noise);
        return live < promised - config.watchTolerance()
                ? String.format(Locale.ROOT, "of the alerts version %d raised, %d were labelled noise and %d useful "
                + "(precision %.2f); the backtest promised %.2f", p.deployedVersion, noise, useful, live, promised)
                : null;
    }

    private Double promisedPrecision(Proposal p) {
        try {
            com.fasterxml.jackson.databind.JsonNode precision = p.backtest == null ? null
                    : json.readTree(p.backtest).path("after").path("precision");
            return precision == null || !precision.isNumber() ? null : precision.asDouble();
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private double promisedChange(Proposal p) {
        try {
            return p.backtest == null ? 0 : json.readTree(p.backtest).path("alertChange").asDouble(0);
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    /** Why the backtest allows approval without a person, or null. */
    private String automaticGain(Backtest.Result result) {
        if (!config.autoApprove() || result.before().precision() == null || result.after().precision() == null
                || result.before().recall() == null || result.after().recall() == null
                || result.after().recall() < result.before().recall()) {
            return null;
        }
        double gain = result.after().precision() - result.before().precision();
        return gain >= config.autoApproveMinGain()
                ? String.format(Locale.ROOT, "precision %.2f to %.2f, recall %.2f to %.2f", result.before().precision(),
                result.after().precision(), result.before().recall(), result.after().recall())
                : null;
    }

    /**
     * Why a proposal of whole files would undo a change made since it was proposed: a file it replaces or removes
     * differs in the active version from the version it was made on. Null when none does.
     */
    private String changedSince(Proposal p, RuleSet active) {
        if (p.baseVersion == null || p.baseVersion == active.version()) {
            return null;
        }
        List<RuleFile> base = versions.version(p.agent, p.baseVersion).map(v -> versions.files(v.id)).orElse(List.of());
        List<RuleFile> now = active.compiled().files();
        for (FileChange change : files(p)) {
            RuleFile before = base.stream().filter(f -> f.name().equals(change.name())).findFirst().orElse(null);
            RuleFile after = now.stream().filter(f -> f.name().equals(change.name())).findFirst().orElse(null);
            if (!java.util.Objects.equals(before, after)) {
                return change.name() + " was changed since version " + p.baseVersion + ", which the proposal was made on ("
                        + "version " + active.version() + " is active): deploying it would undo that change; propose the file again";
            }
        }
        return null;
    }

    private static List<FileChange> files(Proposal p) {
        return QuarkusTransaction.requiringNew().call(() -> ProposalFile.of(p.id));
    }

    /** The proposal's changes applied to these files, with its provenance, compiled. */
    CompiledRuleSet candidate(Proposal p, List<RuleFile> files) {
        if (p.ofFiles()) {
            return ruleSets.compileCandidate(p.agent, FileChange.apply(files, files(p)));
        }
        List<RowChange> changes = ProposalStore.changes(json, p);
        List<RuleFile> changed = TableEditor.apply(files, changes, provenance(p), "/changes");
        retiredIds.check(p.agent, changes, "/changes");
        return ruleSets.compileCandidate(p.agent, changed);
    }

    private void refuse(Proposal p, String why, List<RuleProblem> problems) {
        ProposalStore.update(p.id, SYSTEM, "refused", why + ": " + problems, x -> {
            x.state = Proposal.REFUSED;
            x.node = null;
            x.decisionReason = why;
            x.problems = write(problems);
        });
        LOG.warnf("proposal %d of agent %s refused: %s %s", p.id, p.agent, why, problems);
    }

    private static Set<String> touched(List<RowChange> changes) {
        return changes.stream().filter(c -> c.kind() != RowChange.Kind.REMOVE).map(RowChange::rowId).collect(Collectors.toSet());
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

    /** A deployed upload's or folder edit's version says who made the change, the proposal and who approved it. */
    private static String fileVersionReason(Proposal p) {
        String text = p.reason + " by " + p.createdBy + "; proposal " + p.id + ", approved by " + p.decidedBy
                + (p.decisionReason == null || p.decisionReason.isBlank() ? "" : ": " + p.decisionReason);
        return text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
