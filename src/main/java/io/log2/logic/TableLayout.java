package io.log2.logic;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.parser.ActionType;
import org.drools.decisiontable.parser.DefaultRuleSheetListener;
import org.drools.decisiontable.parser.RuleSheetParserUtil;
import org.drools.template.model.DRLOutput;
import org.drools.template.model.Rule;
import org.drools.template.parser.DecisionTableParseException;

/**
 * What Drools reads from one decision-table file, from one parse by Drools' own parser: the cells as it sees
 * them, the rule tables with their {@code NAME} (id) column, every rule with its sheet row, and the DRL it
 * generates. Reading through Drools rather than beside it means a table's rows, ids and cell values are
 * exactly those the compiled rules come from.
 */
final class TableLayout extends DefaultRuleSheetListener {

    /** A {@code RuleTable}: its name, the 0-based row and column of its header cell and of its id column (or null). */
    record Table(String name, int headerRow, int startColumn, Integer idColumn) {
    }

    /**
     * One rule of a table: its 1-based sheet row, the rule name Drools gave it and the id written in its row
     * (null when the table has no id column or the cell is empty).
     */
    record TableRule(Table table, int row, String name, String id) {
    }

    private static final Pattern ROW_COMMENT = Pattern.compile("^// rule values at [A-Z]+(\\d+)");

    private final Map<Long, String> cells = new HashMap<>();
    private final List<int[]> tableHeads = new ArrayList<>();
    private final List<String> tableNames = new ArrayList<>();
    private List<Table> tables = List.of();
    private List<TableRule> rules = List.of();
    private List<TableRule> blankRows = List.of();
    private String drl;

    private TableLayout() {
    }

    static boolean isCsv(RuleFile file) {
        return file.name().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** Parses a decision table; throws what Drools' parser throws for a file it cannot read. */
    static TableLayout read(RuleFile file) {
        TableLayout layout = new TableLayout();
        InputType type = isCsv(file) ? InputType.CSV : InputType.XLS;
        type.createParser(layout).parseFile(new ByteArrayInputStream(file.content()));
        layout.index();
        return layout;
    }

    List<Table> tables() {
        return tables;
    }

    /** The rules of the file's tables, without {@link #blankRows()}. */
    List<TableRule> rules() {
        return rules;
    }

    /**
     * The rules Drools makes of rows that hold nothing but, at most, an id: a table without rows still yields one
     * (Drools' parser ends a table with a rule for the row after its last, from a CSV file as from a spreadsheet).
     * Such a rule has no condition and no action, so it would fire once in every run and do nothing; it is not a
     * rule of the table, gets no id and is left out of the knowledge base.
     */
    List<TableRule> blankRows() {
        return blankRows;
    }

    /**
     * The sheet rows that look like rows of a table but come after the blank row where Drools stopped reading it: a
     * value in the table's id column, or in two or more of its condition and action columns. Drools ends a table at
     * its first blank row and reads nothing more of it, so such rows would be dropped without a word. A line of notes
     * below a table (one cell) is not one of them.
     */
    Dropped rowsAfterBlankRow(Table table) {
        // the next table's RuleTable row, or the sheet's end
        int end = tables.stream().mapToInt(Table::headerRow).filter(h -> h > table.headerRow()).min().orElse(Integer.MAX_VALUE);
        // the RuleTable cell, the column types, the patterns, the code and the labels, then the rows
        int blank = headerRowsEnd(table);
        for (List<TableRule> list : List.of(rules, blankRows)) {
            for (TableRule rule : list) {
                if (rule.table() == table) {
                    blank = Math.max(blank, rule.row()); // a rule's 1-based row is the 0-based index of the row after it
                }
            }
        }
        Set<Integer> ruleColumns = new HashSet<>();
        cells.forEach((key, value) -> {
            int row = (int) (key >> 20);
            ActionType.Code code = row == table.headerRow() + 1 ? ColumnKinds.of(value) : null;
            if (code == ActionType.Code.CONDITION || code == ActionType.Code.ACTION) {
                ruleColumns.add((int) (key & 0xFFFFF));
            }
        });
        Map<Integer, Integer> filled = new TreeMap<>();
        Set<Integer> withId = new HashSet<>();
        for (Long key : cells.keySet()) {
            int row = (int) (key >> 20);
            int column = (int) (key & 0xFFFFF);
            if (row <= blank || row >= end) {
                continue;
            }
            if (table.idColumn() != null && column == table.idColumn()) {
                withId.add(row);
            } else if (ruleColumns.contains(column)) {
                filled.merge(row, 1, Integer::sum);
            }
        }
        Set<Integer> rows = new TreeSet<>(withId);
        filled.forEach((row, count) -> {
            if (count >= 2) {
                rows.add(row);
            }
        });
        return new Dropped(blank + 1, rows.stream().map(r -> r + 1).toList());
    }

    /** The blank row that ends a table and the rows below it that look like rows of the table (1-based). */
    record Dropped(int blankRow, List<Integer> rows) {
    }

    /** The 0-based row of a table's label row (the last of its five header rows). */
    private static int headerRowsEnd(Table table) {
        return table.headerRow() + 4;
    }

    /** The value Drools read from a cell (0-based row and column), or null for an empty cell. */
    String cell(int row, int column) {
        return cells.get(key(row, column));
    }

    /** The cells of a rule's row in its table, apart from its id: what the rule says, wherever its row is. */
    String rowContent(TableRule rule) {
        return cellsOf(rule).toString();
    }

    private Map<Integer, String> cellsOf(TableRule rule) {
        int row = rule.row() - 1;
        Map<Integer, String> byColumn = new TreeMap<>();
        cells.forEach((key, value) -> {
            int column = (int) (key & 0xFFFFF);
            if ((int) (key >> 20) == row && column >= rule.table().startColumn()
                    && !Integer.valueOf(column).equals(rule.table().idColumn())) {
                byColumn.put(column, value);
            }
        });
        return byColumn;
    }

    /** The sheet row of the rule a line of the generated DRL belongs to, or null. */
    Integer rowAtLine(int line) {
        if (drl == null) {
            return null;
        }
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
            Matcher m = ROW_COMMENT.matcher(lines[i].trim());
            if (m.find()) {
                return Integer.valueOf(m.group(1));
            }
        }
        return null;
    }

    @Override
    public void newCell(int row, int column, String value, int mergedColStart) {
        if (value != null && !value.isBlank()) {
            cells.put(key(row, column), value.trim());
        }
        super.newCell(row, column, value, mergedColStart);
    }

    @Override
    protected void postInitRuleTable(int row, int column, String value) {
        tableHeads.add(new int[] {row, column});
        tableNames.add(RuleSheetParserUtil.getRuleName(value));
    }

    private void index() {
        List<Table> found = new ArrayList<>();
        for (int i = 0; i < tableHeads.size(); i++) {
            int[] head = tableHeads.get(i);
            found.add(new Table(tableNames.get(i), head[0], head[1], idColumn(head[0], head[1])));
        }
        tables = List.copyOf(found);
        List<Rule> generated;
        try {
            generated = getRuleSet().getRules();
        } catch (DecisionTableParseException e) {
            tables = List.of(); // no RuleSet or no RuleTable: Drools reads no rules, which the compiler reports
            return;
        }
        List<TableRule> list = new ArrayList<>();
        List<TableRule> blank = new ArrayList<>();
        for (Rule rule : generated) {
            int row = rule.getSpreadsheetRowNumber();
            Table table = tableOfRow(row - 1);
            String id = table == null || table.idColumn() == null ? null : cell(row - 1, table.idColumn());
            TableRule tableRule = new TableRule(table, row, unquote(rule.getName()), id);
            if (table != null && cellsOf(tableRule).isEmpty()) {
                blank.add(tableRule);
            } else {
                list.add(tableRule);
            }
        }
        rules = List.copyOf(list);
        blankRows = List.copyOf(blank);
        DRLOutput out = new DRLOutput();
        getRuleSet().renderDRL(out);
        drl = out.getDRL();
    }

    /** The column whose header Drools reads as {@code NAME} (it also takes a leading "N", as Drools does). */
    private Integer idColumn(int headerRow, int startColumn) {
        for (Map.Entry<Long, String> e : cells.entrySet()) {
            int row = (int) (e.getKey() >> 20);
            int column = (int) (e.getKey() & 0xFFFFF);
            if (row != headerRow + 1 || column < startColumn) {
                continue;
            }
            if (ColumnKinds.of(e.getValue()) == ActionType.Code.NAME) {
                return column;
            }
        }
        return null;
    }

    private Table tableOfRow(int row) {
        Table table = null;
        for (Table t : tables) {
            if (t.headerRow() < row) {
                table = t;
            }
        }
        return table;
    }

    /** Drools keeps a table rule's name as the string literal it writes into the DRL. */
    private static String unquote(String literal) {
        if (literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\"")) {
            return literal.substring(1, literal.length() - 1).replace("\\\"", "\"");
        }
        return literal;
    }

    private static long key(int row, int column) {
        return ((long) row << 20) | column;
    }
}
