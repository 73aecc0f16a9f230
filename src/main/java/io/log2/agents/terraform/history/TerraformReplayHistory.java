package io.log2.agents.terraform.history;

import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.TerraformConfig;
import io.log2.intelligence.proposal.ReplayHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The terraform agent's history for a backtest: the facts of the last {@code log2.terraform.replay-plans} checked
 * plans, each plan replayed on its own as its check ran it (rules join the changes of one plan, never of two), so
 * the backtest's promise is made on the same kind of runs the watch after a deployment counts.
 */
@ApplicationScoped
public class TerraformReplayHistory implements ReplayHistory {

    @Inject
    StoredPlans plans;
    @Inject
    TerraformConfig config;

    @Override
    public String agent() {
        return TerraformAgent.NAME;
    }

    @Override
    public List<Object> facts() {
        return runs().stream().flatMap(List::stream).toList();
    }

    @Override
    public List<List<Object>> runs() {
        return plans.last(config.replayPlans()).stream().map(StoredPlans.StoredPlan::facts).toList();
    }
}
