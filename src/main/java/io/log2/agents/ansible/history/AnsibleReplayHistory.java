package io.log2.agents.ansible.history;

import io.log2.agents.ansible.AnsibleAgent;
import io.log2.intelligence.proposal.ReplayHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The ansible agent's history for a backtest: every stored task result, so that a proposed slow-task threshold is
 * compared with the current one on the durations the imports stored.
 */
@ApplicationScoped
public class AnsibleReplayHistory implements ReplayHistory {

    @Inject
    RunHistory history;

    @Override
    public String agent() {
        return AnsibleAgent.NAME;
    }

    @Override
    public List<Object> facts() {
        return history.taskFacts();
    }
}
