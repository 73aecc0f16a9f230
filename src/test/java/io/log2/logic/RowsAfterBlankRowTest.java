package io.log2.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.log2.agents.awsusage.AwsUsageAgent;
import io.log2.agents.awsusage.MetricSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drools ends a decision table at its first blank row and reads nothing more of it, so rows a person adds below a blank
 * row (or a blank row inserted between rows) would be dropped without a word: such a file is refused, naming the first
 * dropped row. A line of notes below a table is no row of it.
 */
class RowsAfterBlankRowTest {

    /** A table with one row, High_10, in sheet row 10. */
    private static final String TABLE = EmptyTableTest.TABLE + "3,3,High_10\n";

    private final RuleSetCompiler compiler = new RuleSetCompiler(getClass().getClassLoader(), agent -> List.of(MetricSample.class));

    private static RuleFile csv(String content) {
        return new RuleFile("high.drl.csv", content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRowBelowABlankRowIsRefusedWithItsRow() {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("t", List.of(csv(TABLE + ",,\n7,7,High_12\n"))));

        RuleProblem problem = e.problems().get(0);
        assertEquals("high.drl.csv", problem.file());
        assertEquals(12, problem.row());
        assertEquals("row 12 of table High is below the blank row 11, where Drools ends the table, so it would be ignored: "
                + "delete the blank row, or start a RuleTable of its own above it", problem.reason());
    }

    @Test
    void aNewRowWithoutAnIdBelowABlankRowIsRefusedToo() {
        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class,
                () -> compiler.compile("t", List.of(csv(TABLE + "\n7,7,\n"))));

        assertEquals(12, e.problems().get(0).row());
    }

    @Test
    void aBlankRowLeftInsideTheShippedTableByAnOpenpyxlEditIsRefusedNamingTheRowsItWouldDrop() throws IOException {
        RuleFile saved = new RuleFile("thresholds.drl.xlsx",
                Files.readAllBytes(Path.of("src/test/resources/tables/openpyxl-blank-row.drl.xlsx")));
        RuleSetCompiler awsUsage = new RuleSetCompiler(getClass().getClassLoader(), new AwsUsageAgent());

        RuleSetRejectedException e = assertThrows(RuleSetRejectedException.class, () -> awsUsage.compile("aws-usage", List.of(saved)));

        RuleProblem problem = e.problems().get(0);
        assertEquals(1, e.problems().size(), e.problems()::toString);
        assertEquals("thresholds.drl.xlsx", problem.file());
        assertEquals(14, problem.row());
        assertTrue(problem.reason().startsWith("row 14 and 5 more below it in table MetricThresholds are below the blank row 13"),
                problem.reason());
    }

    @Test
    void aLineOfNotesBelowATableIsNoRowOfIt() {
        CompiledRuleSet compiled = compiler.compile("t", List.of(csv(TABLE + "\nRaised from 2 after the March review,,\n")));

        assertEquals(List.of("High_10"), compiled.rules().values().stream().map(RuleInfo::name).toList());
    }
}
