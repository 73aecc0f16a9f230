package io.log2.agents.terraform.pipeline;

import io.log2.agents.terraform.PlanSummary;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.agents.terraform.plan.PlanReader;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logic.RunLimits;
import io.log2.pricing.PriceTable;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Checks plans without the service: the terraform agent's rules compiled from a folder by the service's own
 * {@link RuleSetCompiler} (with its policy checks, so a rule the service would refuse is refused here too), and each
 * plan read, turned into facts and evaluated as a run would be, within the default run limits. Nothing is logged.
 */
public final class PlanCheck {

    /** What one plan came to: its summary and the findings of the rules, in the order they were raised. */
    public record Result(PlanSummary summary, List<Finding> findings, String abortedBecause) {
    }

    private final RuleSet rules;
    private final PlanReader reader;
    private final PlanFacts facts;

    public PlanCheck(RuleSet rules, PlanReader reader, PlanFacts facts) {
        this.rules = rules;
        this.reader = reader;
        this.facts = facts;
    }

    /** Compiles the rules of {@code rulesDir}; a rule set with errors throws {@code RuleSetRejectedException}. */
    public static PlanCheck fromFolder(Path rulesDir, String defaultRegion, long maxBytes) {
        CompiledRuleSet compiled = new RuleSetCompiler(PlanCheck.class.getClassLoader(), new TerraformAgent())
                .compile(TerraformAgent.NAME, new RuleFolder(rulesDir).read());
        return new PlanCheck(new RuleSet(compiled, 0, "folder " + rulesDir, Instant.now()),
                new PlanReader(maxBytes, maxBytes), new PlanFacts(PriceTable.bundled(), defaultRegion));
    }

    /** The names of the rules, sorted: a table row's Id, a DRL rule's name. */
    public List<String> ruleNames() {
        return rules.compiled().rules().values().stream().map(io.log2.logic.RuleInfo::name).sorted().toList();
    }

    /** Reads and evaluates one plan; a file that is not a readable plan throws {@code ImportRejectedException}. */
    public Result check(String planName, InputStream in) {
        List<Object> planFacts = facts.of(planName, reader.read(in));
        Findings findings = new Findings(rules.compiled(), "plan-check", () -> 0);
        Evaluator.Evaluation evaluation = Evaluator.evaluate(rules, planFacts, findings, null, RunLimits.DEFAULTS);
        return new Result((PlanSummary) planFacts.get(0), List.copyOf(findings.items()), evaluation.abortedBecause());
    }
}
