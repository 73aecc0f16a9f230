package io.log2.logic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where each decision-table rule currently is: its sheet row, found from the table itself (Drools' parse of
 * it) rather than from the rule's name, since a rule's name is its id and stays the same when its row moves.
 * Also maps a line of the DRL that Drools generates from a table back to its row, so an error in a table names
 * the row a person edits rather than a line they never see.
 */
final class TableRows {

    private final Map<String, TableLayout> layouts;
    private final Map<String, Map<String, Integer>> rowsByRule = new HashMap<>();

    private TableRows(Map<String, TableLayout> layouts) {
        this.layouts = layouts;
        layouts.forEach((file, layout) -> {
            Map<String, Integer> rows = new HashMap<>();
            layout.rules().forEach(r -> rows.putIfAbsent(r.name(), r.row()));
            rowsByRule.put(file, rows);
        });
    }

    /** Reads the decision tables among the files; one that cannot be read has no rows (the compiler reports it). */
    static TableRows of(List<RuleFile> files) {
        Map<String, TableLayout> layouts = new HashMap<>();
        for (RuleFile file : files) {
            if (!file.isDecisionTable()) {
                continue;
            }
            try {
                layouts.put(file.name(), TableLayout.read(file));
            } catch (RuntimeException e) {
                // unreadable: Drools' build fails on it too and says why
            }
        }
        return new TableRows(layouts);
    }

    /** The sheet row of the rule of that name in that file, or null when it is not a table rule. */
    Integer rowOf(String file, String rule) {
        Map<String, Integer> rows = file == null ? null : rowsByRule.get(file);
        return rows == null || rule == null ? null : rows.get(rule);
    }

    /**
     * Rows Drools would leave out without a word: rows of a table below a blank row, where Drools stops reading the
     * table ({@link TableLayout#rowsAfterBlankRow}). One problem per table, at its first such row.
     */
    List<RuleProblem> rowsAfterBlankRows() {
        List<RuleProblem> problems = new ArrayList<>();
        new TreeMap<>(layouts).forEach((file, layout) -> {
            for (TableLayout.Table table : layout.tables()) {
                TableLayout.Dropped dropped = layout.rowsAfterBlankRow(table);
                if (!dropped.rows().isEmpty()) {
                    int first = dropped.rows().get(0);
                    int more = dropped.rows().size() - 1;
                    String reason = more == 0
                            ? "row " + first + " of table " + table.name() + " is below the blank row " + dropped.blankRow()
                                    + ", where Drools ends the table, so it would be ignored: delete the blank row, or start"
                                    + " a RuleTable of its own above it"
                            : "row " + first + " and " + more + " more below it in table " + table.name() + " are below the"
                                    + " blank row " + dropped.blankRow() + ", where Drools ends the table, so they would be"
                                    + " ignored: delete the blank row, or start a RuleTable of their own above them";
                    problems.add(new RuleProblem(file, null, first, reason));
                }
            }
        });
        return problems;
    }

    /** Whether the file is a decision table with at least one {@code RuleTable}, rows or none. */
    boolean hasTable(String file) {
        TableLayout layout = layouts.get(file);
        return layout != null && !layout.tables().isEmpty();
    }

    /** The names of the rules Drools made of the file's blank rows ({@link TableLayout#blankRows()}). */
    Set<String> blankRules(String file) {
        TableLayout layout = layouts.get(file);
        return layout == null ? Set.of()
                : layout.blankRows().stream().map(TableLayout.TableRule::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The sheet row a line of the table's generated DRL belongs to, or null. */
    Integer rowAtLine(String file, int line) {
        TableLayout layout = file == null ? null : layouts.get(file);
        return layout == null ? null : layout.rowAtLine(line);
    }
}
