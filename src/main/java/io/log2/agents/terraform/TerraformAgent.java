package io.log2.agents.terraform;

import io.log2.logic.Agent;
import io.log2.logic.FactSubject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks Terraform plans ({@code terraform show -json}) before they are applied: security, tags, stateful
 * resources destroyed, instance sizes and the cost of the change. Its rules live in {@code rules/terraform/}.
 */
@ApplicationScoped
public class TerraformAgent implements Agent {

    public static final String NAME = "terraform";

    private static final Map<String, Class<? extends Record>> FACT_TYPES = Map.of(
            "PlanSummary", PlanSummary.class,
            "ResourceChange", ResourceChange.class,
            "IngressRule", IngressRule.class,
            "PolicyStatement", PolicyStatement.class,
            "CostChange", CostChange.class,
            "PlanCost", PlanCost.class,
            "BudgetOutlook", BudgetOutlook.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return FACT_TYPES;
    }

    /**
     * A resource change reports on its plan's name and its address, so that the same address in a later plan of the
     * same name updates the finding (or, once the rule no longer fires on it, resolves it), while plans of other
     * names (other projects) keep their own; likewise an ingress range by its holder and range, a policy statement
     * by its document and place; plan-wide facts on the plan's name. The plan's name is also the findings' period,
     * which is part of their fingerprint: a finding of one plan is never updated by another plan's run.
     */
    @Override
    public FactSubject subjectOf(Object fact) {
        if (fact instanceof ResourceChange c) {
            return new FactSubject(Arrays.asList("ResourceChange", c.plan(), c.resource()), c.plan(), null);
        }
        if (fact instanceof IngressRule r) {
            return new FactSubject(Arrays.asList("IngressRule", r.plan(), r.resource(), r.protocol(), String.valueOf(r.fromPort()),
                    String.valueOf(r.toPort()), r.cidr()), r.plan(), null);
        }
        if (fact instanceof PolicyStatement s) {
            return new FactSubject(Arrays.asList("PolicyStatement", s.plan(), s.resource(), String.valueOf(s.index())), s.plan(), null);
        }
        if (fact instanceof CostChange c) {
            return new FactSubject(Arrays.asList("CostChange", c.plan(), c.resource()), c.plan(), null);
        }
        if (fact instanceof PlanCost p) {
            return new FactSubject(Arrays.asList("PlanCost", p.resource()), p.resource(), null);
        }
        if (fact instanceof BudgetOutlook o) {
            return new FactSubject(Arrays.asList("BudgetOutlook", o.resource()), o.resource(), null);
        }
        if (fact instanceof PlanSummary p) {
            return new FactSubject(Arrays.asList("PlanSummary", p.resource()), p.resource(), null);
        }
        return FactSubject.NONE;
    }
}
