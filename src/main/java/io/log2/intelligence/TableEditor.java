package io.log2.intelligence;

import io.log2.logic.ColumnKinds;
import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.parser.ActionType;

/**
 * Applies row changes to a spreadsheet decision table with Apache POI, finding each row by its Id cell, so a change
 * still lands on its row after a person moved or sorted the rows. Every row a proposal adds or changes gets its
 * provenance (proposal, learner, training window) in the table's {@code Provenance} column, a {@code METADATA}
 * column added after the Id column when the table has none: a person sees it in a spreadsheet program, and it is
 * on the compiled rule as {@code @provenance}. Formatting, comments and other sheets stay as they were.
 *
 * <p>A table is read the way Drools reads it: the first sheet, a {@code RuleTable <name>} cell, then the column
 * types, the patterns, the code and the labels, then one row per rule until the first empty row.
 *
 * <p>The one writer of table rows: proposals use it in the service, {@link LearnedTable} for the learn-and-score
 * command.
 */
public final class TableEditor {

    public static final String PROVENANCE = "Provenance";
    private static final String PROVENANCE_CODE = "provenance(\"$param\")";
    private static final DataFormatter TEXT = new DataFormatter(Locale.ROOT);
    private static final String MARKER = "RuleTable ";

    /** Where a table is on the sheet: its header row, its first column, its columns by label and its rows by id. */
    static final class Table {
        final String name;
        final int headerRow;
        final int firstColumn;
        int lastColumn;
        Integer idColumn;
        final Map<String, Integer> columns = new HashMap<>();
        /** The labels as written, by column, left to right. */
        final Map<Integer, String> labels = new TreeMap<>();
        int firstRow;
        int lastRow;

        Table(String name, int headerRow, int firstColumn) {
            this.name = name;
            this.headerRow = headerRow;
            this.firstColumn = firstColumn;
        }
    }

    private TableEditor() {
    }

    /**
     * The files with the changes applied. Each change is checked before anything is written: a change to a file,
     * table, column or row that does not exist, or an added row whose id is taken, is refused naming the change.
     *
     * @param provenance what the Provenance cell of each added or changed row says
     * @param where      prefix of the JSON pointer of the changes in the request, such as {@code /changes}
     */
    public static List<RuleFile> apply(List<RuleFile> files, List<RowChange> changes, String provenance, String where) {
        return apply(files, changes, i -> provenance, where);
    }

    /**
     * The files with the changes applied, each row with its own provenance.
     *
     * @param provenance the Provenance cell of the row of the change at an index; {@code null} leaves the row's
     *                   Provenance cell as it is
     */
    public static List<RuleFile> apply(List<RuleFile> files, List<RowChange> changes, IntFunction<String> provenance,
            String where) {
        Map<String, Workbook> workbooks = new HashMap<>();
        try {
            for (int i = 0; i < changes.size(); i++) {
                RowChange change = changes.get(i);
                int index = i;
                String at = where + "/" + i;
                if (change == null || change.kind() == null || change.file() == null || change.table() == null
                        || change.rowId() == null) {
                    throw new InvalidRequestException("change " + i + " needs kind, file, table and rowId", at);
                }
                Workbook workbook = workbooks.get(change.file());
                if (workbook == null) {
                    RuleFile file = files.stream().filter(f -> f.name().equals(change.file())).findFirst()
                            .orElseThrow(() -> new InvalidRequestException("change " + index + ": the agent has no rule file '"
                                    + change.file() + "'", at + "/file"));
                    if (!file.name().toLowerCase(Locale.ROOT).endsWith(".drl.xlsx")) {
                        throw new InvalidRequestException("change " + i + ": '" + change.file()
                                + "' is not a spreadsheet decision table (*.drl.xlsx)", at + "/file");
                    }
                    workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()));
                    workbooks.put(change.file(), workbook);
                }
                apply(workbook.getSheetAt(0), change, provenance.apply(i), i, at);
            }
            List<RuleFile> out = new ArrayList<>();
            for (RuleFile file : files) {
                Workbook workbook = workbooks.get(file.name());
                if (workbook == null) {
                    out.add(file);
                } else {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream(file.content().length + 4096);
                    workbook.write(bytes);
                    out.add(new RuleFile(file.name(), bytes.toByteArray()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new InvalidRequestException("a table of the changes cannot be read as a spreadsheet: " + e.getMessage(), where);
        } finally {
            for (Workbook w : workbooks.values()) {
                try {
                    w.close();
                } catch (IOException ignored) {
                    // in memory only
                }
            }
        }
    }

    private static void apply(Sheet sheet, RowChange change, String provenance, int i, String at) {
        Table table = find(sheet, change.table());
        if (table == null) {
            throw new InvalidRequestException("change " + i + ": '" + change.file() + "' has no RuleTable '" + change.table() + "'",
                    at + "/table");
        }
        if (table.idColumn == null) {
            throw new InvalidRequestException("change " + i + ": table '" + change.table()
                    + "' has no Id (NAME) column, so its rows cannot be named", at + "/table");
        }
        for (String label : change.cells().keySet()) {
            if (column(table, label) == null || label.equalsIgnoreCase(PROVENANCE) || column(table, label).equals(table.idColumn)) {
                throw new InvalidRequestException("change " + i + ": table '" + change.table() + "' has no column '" + label
                        + "' a change may set (columns: " + String.join(", ", labels(table)) + ")", at + "/cells/" + label);
            }
        }
        Integer row = rowOf(sheet, table, change.rowId());
        switch (change.kind()) {
            case ADD -> {
                if (row != null) {
                    throw new InvalidRequestException("change " + i + ": a row with id '" + change.rowId()
                            + "' already exists in table '" + change.table() + "'", at + "/rowId");
                }
                if (!change.rowId().matches("[A-Za-z][A-Za-z0-9_.-]{0,99}")) {
                    throw new InvalidRequestException("change " + i + ": '" + change.rowId()
                            + "' is not a rule id: a letter followed by letters, digits, '_', '-' or '.'", at + "/rowId");
                }
                int added = table.lastRow + 1;
                if (added <= sheet.getLastRowNum()) {
                    sheet.shiftRows(added, sheet.getLastRowNum(), 1, true, false);
                }
                Row style = sheet.getRow(table.lastRow);
                Row created = sheet.createRow(added);
                if (style != null) {
                    created.setHeight(style.getHeight());
                    for (Cell c : style) {
                        created.createCell(c.getColumnIndex()).setCellStyle(c.getCellStyle());
                    }
                }
                set(created, table.idColumn, change.rowId());
                change.cells().forEach((label, value) -> set(created, column(table, label), value));
                if (provenance != null) {
                    set(created, provenanceColumn(sheet, table), provenance);
                }
            }
            case CHANGE -> {
                Row existing = existing(sheet, row, change, i, at);
                change.cells().forEach((label, value) -> set(existing, column(table, label), value));
                if (provenance != null) {
                    set(existing, provenanceColumn(sheet, table), provenance);
                }
            }
            case REMOVE -> {
                existing(sheet, row, change, i, at);
                sheet.removeRow(sheet.getRow(row));
                if (row < sheet.getLastRowNum()) {
                    sheet.shiftRows(row + 1, sheet.getLastRowNum(), -1, true, false);
                }
            }
        }
    }

    /** The changes without a Provenance cell, which {@link #apply} refuses since it writes that cell itself. */
    public static List<RowChange> withoutProvenance(List<RowChange> changes) {
        return changes.stream().map(r -> new RowChange(r.kind(), r.file(), r.table(), r.rowId(), r.cells().entrySet().stream()
                .filter(c -> !c.getKey().equalsIgnoreCase(PROVENANCE))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), r.reason())).toList();
    }

    private static Row existing(Sheet sheet, Integer row, RowChange change, int i, String at) {
        if (row == null) {
            throw new InvalidRequestException("change " + i + ": table '" + change.table() + "' has no row with id '"
                    + change.rowId() + "'", at + "/rowId");
        }
        return sheet.getRow(row);
    }

    /** The table's provenance column, added after its last column when it has none. */
    private static int provenanceColumn(Sheet sheet, Table table) {
        Integer existing = column(table, PROVENANCE);
        if (existing != null) {
            return existing;
        }
        int column = table.lastColumn + 1;
        copyHeader(sheet, table.headerRow + 1, table.lastColumn, column, "METADATA");
        copyHeader(sheet, table.headerRow + 3, table.lastColumn, column, PROVENANCE_CODE);
        copyHeader(sheet, table.headerRow + 4, table.lastColumn, column, PROVENANCE);
        table.columns.put(PROVENANCE.toLowerCase(Locale.ROOT), column);
        table.labels.put(column, PROVENANCE);
        table.lastColumn = column;
        sheet.setColumnWidth(column, Math.max(sheet.getColumnWidth(column), 60 * 256));
        return column;
    }

    private static void copyHeader(Sheet sheet, int rowIndex, int styleColumn, int column, String text) {
        Row row = sheet.getRow(rowIndex);
        if (row == null) {
            row = sheet.createRow(rowIndex);
        }
        Cell cell = row.createCell(column);
        Cell style = row.getCell(styleColumn);
        if (style != null) {
            cell.setCellStyle(style.getCellStyle());
        }
        cell.setCellValue(text);
    }

    /** A number is written as a number (as a person types it into a Threshold cell), anything else as text. */
    private static void set(Row row, int column, String value) {
        Cell cell = row.getCell(column);
        if (cell == null) {
            cell = row.createCell(column);
        }
        if (value == null || value.isBlank()) {
            cell.setBlank();
            return;
        }
        String text = value.strip();
        if (text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            cell.setCellValue(Double.parseDouble(text));
        } else {
            cell.setCellValue(text);
        }
    }

    private static Table find(Sheet sheet, String name) {
        return tables(sheet).stream().filter(t -> t.name.equals(name)).findFirst().orElse(null);
    }

    /** The tables of the sheet, top to bottom, read as a change to one of them reads it. */
    static List<Table> tables(Sheet sheet) {
        List<Table> tables = new ArrayList<>();
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().strip().startsWith(MARKER)) {
                    String name = cell.getStringCellValue().strip().substring(MARKER.length()).strip();
                    tables.add(read(sheet, name, row.getRowNum(), cell.getColumnIndex()));
                }
            }
        }
        return tables;
    }

    private static Table read(Sheet sheet, String name, int headerRow, int firstColumn) {
        Table table = new Table(name, headerRow, firstColumn);
        Row types = sheet.getRow(headerRow + 1);
        Row labels = sheet.getRow(headerRow + 4);
        table.lastColumn = firstColumn;
        if (types != null) {
            for (Cell cell : types) {
                String type = text(cell);
                if (cell.getColumnIndex() < firstColumn || type.isEmpty()) {
                    continue;
                }
                table.lastColumn = Math.max(table.lastColumn, cell.getColumnIndex());
                if (ColumnKinds.of(type) == ActionType.Code.NAME) {
                    table.idColumn = cell.getColumnIndex();
                }
                String label = labels == null ? "" : text(labels.getCell(cell.getColumnIndex()));
                if (!label.isEmpty()) {
                    table.columns.putIfAbsent(label.toLowerCase(Locale.ROOT), cell.getColumnIndex());
                    table.labels.put(cell.getColumnIndex(), label);
                }
            }
        }
        table.firstRow = headerRow + 5;
        int r = table.firstRow;
        while (!isEmpty(sheet.getRow(r), firstColumn, table.lastColumn)) {
            r++;
        }
        table.lastRow = r - 1;
        return table;
    }

    private static Integer rowOf(Sheet sheet, Table table, String id) {
        for (int r = table.firstRow; r <= table.lastRow; r++) {
            Row row = sheet.getRow(r);
            if (row != null && id.equals(text(row.getCell(table.idColumn)))) {
                return r;
            }
        }
        return null;
    }

    private static Integer column(Table table, String label) {
        return label == null ? null : table.columns.get(label.strip().toLowerCase(Locale.ROOT));
    }

    private static List<String> labels(Table table) {
        List<String> out = new ArrayList<>();
        table.columns.forEach((label, column) -> {
            if (!column.equals(table.idColumn) && !label.equals(PROVENANCE.toLowerCase(Locale.ROOT))) {
                out.add(label);
            }
        });
        out.sort(String::compareTo);
        return out;
    }

    private static boolean isEmpty(Row row, int from, int to) {
        if (row == null) {
            return true;
        }
        for (int c = from; c <= to; c++) {
            if (!text(row.getCell(c)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    static String text(Cell cell) {
        return cell == null ? "" : TEXT.formatCellValue(cell).strip();
    }
}
