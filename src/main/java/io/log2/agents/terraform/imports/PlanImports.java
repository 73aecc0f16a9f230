package io.log2.agents.terraform.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.agents.terraform.PlanSummary;
import io.log2.agents.terraform.TerraformAgent;
import io.log2.agents.terraform.TerraformConfig;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.agents.terraform.plan.PlanReader;
import io.log2.logs.RunResult;
import io.log2.logs.RunService;
import io.log2.pricing.PriceTable;
import jakarta.enterprise.context.ApplicationScoped;
import io.log2.imports.UploadLimits;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.List;

/**
 * Checks one plan file: read whole and turned into facts first, so a file that is refused leaves nothing behind;
 * then one run of the terraform agent's active rules over its facts, logged like every run.
 */
@ApplicationScoped
public class PlanImports {

    /** What checking a plan did: the plan's name, its summary, and the run with its findings. */
    public record PlanRun(String plan, PlanSummary summary, RunResult run) {
    }

    private static final int MAX_NAME = 200;

    @Inject
    RunService runs;
    @Inject
    TerraformConfig config;
    @Inject
    UploadLimits limits;

    private final PriceTable prices = PriceTable.bundled();

    public PlanRun check(String fileName, InputStream in) {
        String plan = name(fileName);
        JsonNode json = new PlanReader(limits.maxBytes(), limits.maxUncompressedBytes()).read(in);
        List<Object> facts = new PlanFacts(prices, config.defaultRegion()).of(plan, json);
        RunResult run = runs.runFacts(TerraformAgent.NAME, facts);
        return new PlanRun(plan, (PlanSummary) facts.get(0), run);
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
