package io.log2.agents.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.forecast.PeriodForecast;
import io.log2.agents.terraform.imports.MonthEndOutlook;
import io.log2.agents.terraform.plan.PlanFacts;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.Evaluator;
import io.log2.logic.Finding;
import io.log2.logic.Findings;
import io.log2.logic.RuleFolder;
import io.log2.logic.RuleSet;
import io.log2.logic.RuleSetCompiler;
import io.log2.logic.RunLimits;
import io.log2.pricing.PriceTable;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plan's monthly cost held against the aws-usage agent's projected month end: terragoat.json's priced cost, and a
 * larger instance in it, against a November 2026 forecast with ten days left to run and the $150 default budget.
 */
class BudgetOutlookTest {

    private static RuleSet rules;

    private static synchronized RuleSet rules() {
        if (rules == null) {
            CompiledRuleSet compiled = new RuleSetCompiler(BudgetOutlookTest.class.getClassLoader(), new TerraformAgent())
                    .compile(TerraformAgent.NAME, new RuleFolder(Path.of("rules/terraform")).read());
            rules = new RuleSet(compiled, 0, "folder rules/terraform", Instant.now());
        }
        return rules;
    }

    private static List<Finding> evaluate(Object fact) {
        Findings findings = new Findings(rules().compiled(), "test", () -> 0);
        Evaluator.evaluate(rules(), List.of(fact), findings, null, RunLimits.DEFAULTS);
        return findings.items();
    }

    /** November 2026 with ten days (21 to 30) still forecast; the projection is what the aws-usage agent answers. */
    private static PeriodForecast november(double projected) {
        return new PeriodForecast("month", "2026-11", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), 10,
                projected - 40, projected, projected - 10, projected + 10, projected - 20, projected + 20);
    }

    private static PlanCost cost(String plan) {
        return (PlanCost) new PlanFacts(PriceTable.bundled(), "us-east-1").of(plan, Plans.tree(plan)).stream()
                .filter(PlanCost.class::isInstance).findFirst().orElseThrow();
    }

    @Test
    void terragoatStaysUnderTheBudgetOfAMonthProjectedAt140() {
        // terragoat.json costs $20.87 a month (TerraformRulesTest); 10 of 30 days: 20.87 x 10 / 30 = 6.957 -> 6.96;
        // 140 + 6.96 = 146.96, under $150: no finding.
        BudgetOutlook o = MonthEndOutlook.outlook(cost("terragoat.json"), november(140), 150);
        assertEquals(new BudgetOutlook("terragoat.json", "2026-11", 140, 150, 20.87, 10, 30, 6.96, 146.96), o);
        assertTrue(evaluate(o).isEmpty(), evaluate(o).toString());
    }

    @Test
    void aPlanThatTakesTheMonthOverTheBudgetIsFlaggedHigh() {
        // 140 + 6.96 = 146.96 under $150; with a $145 projection 145 + 6.96 = 151.96, over it.
        BudgetOutlook o = MonthEndOutlook.outlook(cost("terragoat.json"), november(145), 150);
        List<Finding> f = evaluate(o);
        assertEquals(1, f.size(), f.toString());
        assertEquals("Plan takes the projected month over the budget", f.get(0).rule());
        assertEquals("high", f.get(0).severity());
        assertEquals(151.96, f.get(0).value());
        assertEquals(150.0, f.get(0).threshold());
        assertEquals("Budget: plan terragoat.json adds $6.96 to 2026-11 (10 of 30 days at $20.87 a month), taking the projected"
                + " month end from $145 to $151.96, over the $150 budget", f.get(0).message());
    }

    @Test
    void aPlanAddingToAMonthAlreadyOverTheBudgetIsFlaggedMedium() {
        BudgetOutlook o = MonthEndOutlook.outlook(cost("terragoat.json"), november(160), 150);
        List<Finding> f = evaluate(o);
        assertEquals(List.of("Plan adds to a month already projected over the budget"), f.stream().map(Finding::rule).toList());
        assertEquals("medium", f.get(0).severity());
        // 160 + 6.96 = 166.96
        assertEquals(166.96, f.get(0).value());
    }

    @Test
    void aPlanThatLowersTheCostIsNeverFlagged() {
        // Deleting a db.t3.micro: -12.41 a month; -12.41 x 10 / 30 = -4.137 -> -4.14, even in a month over budget.
        BudgetOutlook o = MonthEndOutlook.outlook(new PlanCost("delete-db.json", -12.41, 1, 0), november(160), 150);
        assertEquals(-4.14, o.added());
        assertTrue(evaluate(o).isEmpty());
    }

    @Test
    void withNoDaysLeftToForecastThePlanAddsNothingThisMonth() {
        PeriodForecast done = new PeriodForecast("month", "2026-11", LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30), 0,
                149, 149, 149, 149, 149, 149);
        BudgetOutlook o = MonthEndOutlook.outlook(cost("terragoat.json"), done, 150);
        assertEquals(0.0, o.added());
        assertTrue(evaluate(o).isEmpty());
    }
}
