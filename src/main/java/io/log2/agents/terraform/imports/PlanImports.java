package io.log2.agents.terraform.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.agents.terraform.BudgetOutlook;
import io.log2.agents.terraform.PlanCost;
import io.log2.agents.terraform.PlanSummary;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.ResourceChange;
import io.log2.agents.terraform.TerraformConfig;
import io.log2.agents.terraform.history.StoredPlans;
import io.log2.agents.terraform.kept.PlanResources;
import io.log2.agents.terraform.usage.UsageHistory;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.agents.terraform.plan.PlanReader;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.pricing.PriceTable;
import io.log2.imports.UploadLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Checks one plan file: read whole and turned into facts first, so a file that is refused leaves nothing behind;
 * then one run of the terraform agent's active rules over its facts, logged like every run; then the plan's resources
 * are kept ({@link PlanResources}) so that resources appearing in the account can be matched to it, and its facts
 * ({@link StoredPlans}) so that a proposed change of the rules is backtested on it. The run is logged by then: if
 * keeping the resources or the facts fails, that is logged and the run is still answered (a retry would log the plan
 * twice); the plan is then missing from the matching of account resources or from backtests.
 */
@ApplicationScoped
public class PlanImports {

    /**
     * What checking a plan did: the plan's name, its summary, the run with its findings, and the plan held against
     * the aws-usage agent's forecast of the month (null without enough cost history for a forecast).
     */
    public record PlanRun(String plan, PlanSummary summary, RunResult run, BudgetOutlook outlook) {
    }

    private static final int MAX_NAME = 200;
    private static final Logger LOG = Logger.getLogger(PlanImports.class);

    @Inject
    RunService runs;
    @Inject
    TerraformConfig config;
    @Inject
    UploadLimits limits;
    @Inject
    PlanResources kept;
    @Inject
    MonthEndOutlook outlook;
    @Inject
    StoredPlans stored;
    @Inject
    UsageHistory usage;

    private final PriceTable prices = PriceTable.bundled();

    public PlanRun check(String fileName, InputStream in) {
        String plan = name(fileName);
        JsonNode json = new PlanReader(limits.maxBytes(), limits.maxUncompressedBytes()).read(in);
        List<Object> facts = new ArrayList<>(new PlanFacts(prices, config.defaultRegion(), usage.prices(null)).of(plan, json));
        facts.stream().filter(PlanCost.class::isInstance).map(PlanCost.class::cast).findFirst()
                .flatMap(outlook::of).ifPresent(facts::add);
        RunResult run = runs.runFacts(TerraformAgent.NAME, facts);
        try {
            kept.keep(run.runId(), run.startedAt(), facts.stream().filter(ResourceChange.class::isInstance)
                    .map(ResourceChange.class::cast).toList());
        } catch (RuntimeException e) {
            LOG.errorf(e, "plan %s (run %s) is logged, but its resources are not kept for matching account resources", plan, run.runId());
        }
        try {
            stored.keep(run.runId(), plan, run.startedAt(), facts);
        } catch (RuntimeException e) {
            LOG.errorf(e, "plan %s (run %s) is logged, but its facts are not kept for backtests", plan, run.runId());
        }
        BudgetOutlook held = facts.stream().filter(BudgetOutlook.class::isInstance).map(BudgetOutlook.class::cast).findFirst()
                .orElse(null);
        return new PlanRun(plan, (PlanSummary) facts.get(0), run, held);
    }

    /** The plan's name in findings: its file name without folders, or {@code plan.json} when it has none. */
    static String name(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        if (name.isEmpty()) {
            return "plan.json";
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }
}
