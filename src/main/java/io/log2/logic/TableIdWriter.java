package io.log2.logic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Writes rule ids into the empty Id cells of a decision table and changes nothing else: a spreadsheet is
 * rewritten through Apache POI, which keeps its formatting, comments, merged cells and other sheets; in a CSV
 * table only the lines that get an id change, and only by the id.
 */
final class TableIdWriter {

    /** An id for the cell at a 0-based row and column; {@code styleRow} is a row whose Id cell looks right, or null. */
    record Id(int row, int column, String id, Integer styleRow) {
    }

    private TableIdWriter() {
    }

    static RuleFile write(RuleFile file, List<Id> ids) {
        byte[] content = TableLayout.isCsv(file) ? writeCsv(file.content(), ids) : writeSpreadsheet(file.content(), ids);
        return new RuleFile(file.name(), content);
    }

    private static byte[] writeSpreadsheet(byte[] content, List<Id> ids) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Sheet sheet = workbook.getSheetAt(0); // the sheet Drools reads
            for (Id id : ids) {
                Row row = sheet.getRow(id.row());
                if (row == null) {
                    row = sheet.createRow(id.row());
                }
                Cell cell = row.getCell(id.column());
                if (cell == null) {
                    cell = row.createCell(id.column());
                    Row styleRow = id.styleRow() == null ? null : sheet.getRow(id.styleRow());
                    Cell styleCell = styleRow == null ? null : styleRow.getCell(id.column());
                    if (styleCell != null) {
                        cell.setCellStyle(styleCell.getCellStyle());
                    }
                }
                cell.setCellValue(id.id());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines end as they did ({@code \n}, {@code \r\n} or {@code \r}, the terminators Drools' CSV reader knows). */
    private static byte[] writeCsv(byte[] content, List<Id> ids) {
        List<String> lines = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        String text = new String(content, StandardCharsets.UTF_8);
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                int end = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
                lines.add(text.substring(start, i));
                ends.add(text.substring(i, end));
                start = end;
                i = end - 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
            ends.add("");
        }
        for (Id id : ids) {
            while (lines.size() <= id.row()) {
                lines.add("");
                ends.add("\n");
            }
            lines.set(id.row(), withField(lines.get(id.row()), id.column(), id.id()));
        }
        StringBuilder out = new StringBuilder(text.length() + 64 * ids.size());
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i)).append(ends.get(i));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Puts a value (which needs no quoting) into an empty field of a CSV line, adding fields if the line is shorter. */
    static String withField(String line, int column, String value) {
        int field = 0;
        int fieldStart = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                if (field == column) {
                    return line.substring(0, fieldStart) + value + line.substring(i);
                }
                field++;
                fieldStart = i + 1;
            }
        }
        if (field == column) {
            return line.substring(0, fieldStart) + value;
        }
        return line + ",".repeat(column - field) + value;
    }
}
