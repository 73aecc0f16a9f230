package io.log2.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.proposal.Proposal;
import io.log2.intelligence.proposal.ProposalEvent;
import io.log2.intelligence.proposal.ProposalService;
import io.log2.logic.RuleProblem;
import java.time.Instant;
import java.util.List;

/** A proposal as the API shows it; a list shows it without its changes, problems and history. */
public record ProposalView(long id, String link, String agent, String kind, String source, String state, String learner, Instant trainingFrom, Instant trainingTo,
                           Integer samples, String reason, Integer baseVersion, Integer deployedVersion, String createdBy,
                           Instant createdAt, String decidedBy, Instant decidedAt, String decisionReason,
                           String node, List<String> processAt, Integer replacedVersion, Watch watch,
                           List<RowChange> changes, List<FileView> files, @JsonRawValue String backtest,
                           List<RuleProblem> problems, List<EventView> history) {

    /** The runs watched since the deployment: their facts, the new version's alerts and the replaced version's on the same facts. */
    public record Watch(int runs, long facts, long alerts, long alertsBefore) {
    }

    /** A whole file a proposal of files replaces, adds or removes; {@code link} downloads the proposed content. */
    public record FileView(String name, boolean removed, String link) {
    }

    public record EventView(Instant at, String actor, String event, String detail) {
    }

    /** The proposal with its changes, problems, history and where its process is. */
    static ProposalView of(ProposalService proposals, Proposal p) {
        String link = link(p);
        return of(p, proposals.processAt(p.id), proposals.changes(p), proposals.files(p).stream()
                        .map(f -> new FileView(f.name(), f.removes(), f.removes() ? null : link + "/files/" + f.name())).toList(),
                proposals.problems(p), proposals.events(p.id));
    }

    static String link(Proposal p) {
        return "/api/agents/" + p.agent + "/proposals/" + p.id;
    }

    static ProposalView of(Proposal p, List<String> processAt, List<RowChange> changes, List<FileView> files,
                           List<RuleProblem> problems, List<ProposalEvent> events) {
        return new ProposalView(p.id, link(p), p.agent, p.kind, p.source, p.state, p.learner, p.trainingFrom, p.trainingTo, p.sampleCount, p.reason,
                p.baseVersion, p.deployedVersion, p.createdBy, p.createdAt, p.decidedBy, p.decidedAt, p.decisionReason,
                p.node, processAt, p.replacedVersion, p.deployedVersion == null ? null
                        : new Watch(p.watchRuns, p.watchFacts, p.watchAlerts, p.watchAlertsBefore),
                changes, files, p.backtest, problems,
                events.stream().map(e -> new EventView(e.at, e.actor, e.event, e.detail)).toList());
    }
}
