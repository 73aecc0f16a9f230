package io.log2.intelligence;

import io.log2.logic.RuleFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Where each row of an agent's spreadsheet tables is, by its Id: file, rule table and cells by column label, read
 * the way {@link TableEditor} changes them (labels in the fifth row of a table, rows down to the first blank one,
 * first sheet only). Learners need this to name a row they want to change.
 */
public final class TableRowIndex {

    /** One row of a table: where it is and what its cells say (blank cells left out). */
    public record TableRow(String file, String table, String rowId, Map<String, String> cells) {
    }

    private static final DataFormatter TEXT = new DataFormatter();
    private static final String MARKER = "RuleTable ";

    private final Map<String, TableRow> rows;

    private TableRowIndex(Map<String, TableRow> rows) {
        this.rows = rows;
    }

    public Optional<TableRow> row(String rowId) {
        return Optional.ofNullable(rows.get(rowId));
    }

    /** The rows of the spreadsheet tables among the files; CSV tables and DRL files have none here. */
    public static TableRowIndex of(List<RuleFile> files) {
        Map<String, TableRow> rows = new HashMap<>();
        for (RuleFile file : files) {
            String lower = file.name().toLowerCase(java.util.Locale.ROOT);
            if (!lower.endsWith(".drl.xlsx") && !lower.endsWith(".drl.xls")) {
                continue;
            }
            try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()))) {
                read(file.name(), workbook.getSheetAt(0), rows);
            } catch (IOException | RuntimeException e) {
                // a table that cannot be read offers no rows to learn about; the compiler reports what is wrong with it
            }
        }
        return new TableRowIndex(rows);
    }

    private static void read(String file, Sheet sheet, Map<String, TableRow> rows) {
        for (int r = sheet.getFirstRowNum(); r <= sheet.getLastRowNum(); r++) {
            String table = tableAt(sheet.getRow(r));
            if (table == null) {
                continue;
            }
            Row labelRow = sheet.getRow(r + 4);
            if (labelRow == null) {
                continue;
            }
            Map<Integer, String> labels = new HashMap<>();
            for (Cell c : labelRow) {
                String label = TEXT.formatCellValue(c).strip();
                if (!label.isEmpty()) {
                    labels.put(c.getColumnIndex(), label);
                }
            }
            int at = r + 5;
            while (!blank(sheet.getRow(at))) {
                Map<String, String> cells = new LinkedHashMap<>();
                for (Cell c : sheet.getRow(at)) {
                    String label = labels.get(c.getColumnIndex());
                    String text = TEXT.formatCellValue(c).strip();
                    if (label != null && !text.isEmpty()) {
                        cells.put(label, text);
                    }
                }
                String id = cells.get(LearnedTable.ID);
                if (id != null) {
                    rows.put(id, new TableRow(file, table, id, cells));
                }
                at++;
            }
            r = at;
        }
    }

    private static String tableAt(Row row) {
        if (row == null) {
            return null;
        }
        for (Cell c : row) {
            String text = TEXT.formatCellValue(c).strip();
            if (text.startsWith(MARKER)) {
                return text.substring(MARKER.length()).strip();
            }
        }
        return null;
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
