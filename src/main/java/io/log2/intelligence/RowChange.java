package io.log2.intelligence;

import java.util.Map;

/**
 * One change to an agent's decision table, the only kind of change a learner or a proposal makes: add a row,
 * change some cells of a row, or remove a row. Rows are named by their {@code Id} cell, which stays the same
 * when rows move, so a change still applies after an editor has re-ordered the sheet.
 *
 * @param kind   what happens to the row
 * @param file   the table file in {@code rules/<agent>/}, such as {@code thresholds.drl.xlsx}
 * @param table  the rule table inside the file (its {@code RuleTable} name)
 * @param rowId  the row's Id: a new one for {@link Kind#ADD}, an existing one otherwise
 * @param cells  column header to new cell text ({@link Kind#ADD}: every column; {@link Kind#CHANGE}: the changed
 *               ones; {@link Kind#REMOVE}: none)
 * @param reason why, in a sentence a reviewer can check against the evidence
 */
public record RowChange(Kind kind, String file, String table, String rowId, Map<String, String> cells, String reason) {

    public enum Kind { ADD, CHANGE, REMOVE }

    public RowChange {
        cells = cells == null ? Map.of() : Map.copyOf(cells);
    }
}
