package io.log2.intelligence;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Applies row changes to a rule table of a spreadsheet decision table with Apache POI, the way a person would in a
 * spreadsheet program: a row added under the table's last row, a changed row's cells rewritten, a removed row taken
 * out and the rows below moved up. Rows are found by their {@code Id} cell; columns by their label (the row under the
 * code templates). The rest of the file (other tables, formatting) stays as it was. Drools reads the first sheet only,
 * so that is where the table is looked for.
 */
public final class LearnedTable {

    /** The table of the aws-usage agent that learned rows go in. */
    public static final String FILE = "thresholds.drl.xlsx";
    public static final String TABLE = "LearnedSignals";
    public static final String ID = "Id";

    private static final DataFormatter TEXT = new DataFormatter();

    private LearnedTable() {
    }

    /** The file with the changes of its table applied. */
    public static byte[] apply(byte[] xlsx, List<RowChange> changes) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = workbook.getSheetAt(0);
            for (RowChange change : changes) {
                apply(sheet, change);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(xlsx.length + 4096);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void apply(Sheet sheet, RowChange change) {
        int header = find(sheet, "RuleTable " + change.table());
        int labels = header + 4;
        Map<String, Integer> columns = new HashMap<>();
        Row labelRow = sheet.getRow(labels);
        for (Cell c : labelRow) {
            String label = TEXT.formatCellValue(c).strip();
            if (!label.isEmpty()) {
                columns.put(label, c.getColumnIndex());
            }
        }
        Integer idColumn = columns.get(ID);
        if (idColumn == null) {
            throw new IllegalArgumentException("table " + change.table() + " has no Id column");
        }
        for (String column : change.cells().keySet()) {
            if (!columns.containsKey(column)) {
                throw new IllegalArgumentException("table " + change.table() + " has no column '" + column + "'");
            }
        }
        int last = labels;
        Integer target = null;
        while (!blank(sheet.getRow(last + 1))) {
            last++;
            if (change.rowId().equals(TEXT.formatCellValue(sheet.getRow(last).getCell(idColumn)).strip())) {
                target = last;
            }
        }
        switch (change.kind()) {
            case ADD -> {
                if (target != null) {
                    throw new IllegalArgumentException("table " + change.table() + " already has a row " + change.rowId());
                }
                int at = last + 1;
                if (at <= sheet.getLastRowNum()) {
                    sheet.shiftRows(at, sheet.getLastRowNum(), 1);
                }
                Row row = sheet.createRow(at);
                change.cells().forEach((column, text) -> row.createCell(columns.get(column)).setCellValue(text));
                row.createCell(idColumn).setCellValue(change.rowId());
            }
            case CHANGE -> {
                Row row = sheet.getRow(requireRow(target, change));
                change.cells().forEach((column, text) -> {
                    Cell cell = row.getCell(columns.get(column));
                    (cell == null ? row.createCell(columns.get(column)) : cell).setCellValue(text);
                });
            }
            case REMOVE -> {
                int at = requireRow(target, change);
                sheet.removeRow(sheet.getRow(at));
                if (at < sheet.getLastRowNum()) {
                    sheet.shiftRows(at + 1, sheet.getLastRowNum(), -1);
                }
            }
        }
    }

    private static int requireRow(Integer row, RowChange change) {
        if (row == null) {
            throw new IllegalArgumentException("table " + change.table() + " has no row " + change.rowId());
        }
        return row;
    }

    private static int find(Sheet sheet, String marker) {
        for (Row row : sheet) {
            for (Cell c : row) {
                if (marker.equals(TEXT.formatCellValue(c).strip())) {
                    return row.getRowNum();
                }
            }
        }
        throw new IllegalArgumentException("no '" + marker + "' in the first sheet");
    }

    private static boolean blank(Row row) {
        if (row == null) {
            return true;
        }
        for (Cell c : row) {
            if (!TEXT.formatCellValue(c).isBlank()) {
                return false;
            }
        }
        return true;
    }
}
