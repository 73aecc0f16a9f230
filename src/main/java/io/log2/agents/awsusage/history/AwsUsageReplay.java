package io.log2.agents.awsusage.history;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.cycle.FactAssembler;
import io.log2.intelligence.proposal.ReplayHistory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** The aws-usage agent's stored cost and metric history, assembled into facts exactly as a monitoring cycle does. */
@ApplicationScoped
public class AwsUsageReplay implements ReplayHistory {

    @Inject
    FactAssembler assembler;
    @Inject
    CostHistory history;

    @Override
    public String agent() {
        return AwsUsageAgent.NAME;
    }

    @Override
    public List<Object> facts() {
        return assembler.arrived(0, history.committedThrough(), Map.of());
    }
}
