package io.log2.intelligence;

import io.log2.logic.ColumnKinds;
import io.log2.logic.RuleFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.parser.ActionType;

/**
 * Where each row of an agent's spreadsheet tables is, by its Id: file, rule table and cells by column label, read
 * as {@link TableEditor} reads the tables it changes. Learners need this to name a row they want to change.
 */
public final class TableRowIndex {

    /** One row of a table: where it is and what its cells say (blank cells left out). */
    public record TableRow(String file, String table, String rowId, Map<String, String> cells) {
    }

    /**
     * A labelled condition column of a row's table: its pattern ({@code $r : Reading}; a blank pattern cell after a
     * condition column is taken as that column's pattern, as a merged cell would be) and its code
     * ({@code latencyMs > $param}).
     */
    public record Condition(String label, String pattern, String code) {
    }

    private final Map<String, TableRow> rows;
    private final Map<String, List<Condition>> conditions;

    private TableRowIndex(Map<String, TableRow> rows, Map<String, List<Condition>> conditions) {
        this.rows = rows;
        this.conditions = conditions;
    }

    /** The condition columns of the row's table, left to right; empty for a row not in the index. */
    public List<Condition> conditions(String rowId) {
        return conditions.getOrDefault(rowId, List.of());
    }

    public Optional<TableRow> row(String rowId) {
        return Optional.ofNullable(rows.get(rowId));
    }

    /** Every row by its Id. */
    public Map<String, TableRow> all() {
        return Map.copyOf(rows);
    }

    /** The rows of the spreadsheet tables among the files; CSV tables and DRL files have none here. */
    public static TableRowIndex of(List<RuleFile> files) {
        return read(files, false);
    }

    /**
     * As {@link #of}, and also the rows of tables without an Id column, each under the name Drools gives it,
     * {@code <table>_<row>} (its sheet row, counted from 1): what such a row is called while it stays where it is.
     */
    public static TableRowIndex withUnnamedRows(List<RuleFile> files) {
        return read(files, true);
    }

    private static TableRowIndex read(List<RuleFile> files, boolean unnamed) {
        Map<String, TableRow> rows = new HashMap<>();
        Map<String, List<Condition>> conditions = new HashMap<>();
        for (RuleFile file : files) {
            String lower = file.name().toLowerCase(java.util.Locale.ROOT);
            if (!lower.endsWith(".drl.xlsx") && !lower.endsWith(".drl.xls")) {
                continue;
            }
            try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()))) {
                read(file.name(), workbook.getSheetAt(0), unnamed, rows, conditions);
            } catch (IOException | RuntimeException e) {
                // a table that cannot be read offers no rows to learn about; the compiler reports what is wrong with it
            }
        }
        return new TableRowIndex(rows, conditions);
    }

    private static void read(String file, Sheet sheet, boolean unnamed, Map<String, TableRow> rows,
                             Map<String, List<Condition>> conditions) {
        for (TableEditor.Table table : TableEditor.tables(sheet)) {
            if (table.idColumn == null && !unnamed) {
                continue;
            }
            List<Condition> columns = conditions(sheet, table);
            for (int r = table.firstRow; r <= table.lastRow; r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    continue;
                }
                String id = table.idColumn == null ? table.name + "_" + (r + 1) : TableEditor.text(row.getCell(table.idColumn));
                if (id.isEmpty()) {
                    continue;
                }
                Map<String, String> cells = new LinkedHashMap<>();
                table.labels.forEach((column, label) -> {
                    String text = TableEditor.text(row.getCell(column));
                    if (!text.isEmpty()) {
                        cells.put(label, text);
                    }
                });
                rows.put(id, new TableRow(file, table.name, id, cells));
                conditions.put(id, columns);
            }
        }
    }

    private static List<Condition> conditions(Sheet sheet, TableEditor.Table table) {
        Row types = sheet.getRow(table.headerRow + 1);
        Row patterns = sheet.getRow(table.headerRow + 2);
        Row codes = sheet.getRow(table.headerRow + 3);
        List<Condition> out = new java.util.ArrayList<>();
        String pattern = null;
        for (int column = table.firstColumn; column <= table.lastColumn; column++) {
            String type = types == null ? "" : TableEditor.text(types.getCell(column));
            if (ColumnKinds.of(type) != ActionType.Code.CONDITION) {
                pattern = null;
                continue;
            }
            String own = patterns == null ? "" : TableEditor.text(patterns.getCell(column));
            pattern = own.isEmpty() ? pattern : own;
            String label = table.labels.get(column);
            String code = codes == null ? "" : TableEditor.text(codes.getCell(column));
            if (label != null && !code.isEmpty()) {
                out.add(new Condition(label, pattern, code));
            }
        }
        return List.copyOf(out);
    }
}
