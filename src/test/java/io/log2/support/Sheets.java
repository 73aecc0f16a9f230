package io.log2.support;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;

/** Edits a decision table the way a user does in a spreadsheet program. */
public final class Sheets {

    private Sheets() {
    }

    /** Copies the cells of row {@code from} over row {@code to} (0-based), as copy and paste does. */
    public static void copyRow(Sheet sheet, int from, int to) {
        Row source = sheet.getRow(from);
        Row target = sheet.getRow(to) != null ? sheet.getRow(to) : sheet.createRow(to);
        for (Cell cell : source) {
            Cell copy = target.createCell(cell.getColumnIndex());
            copy.setCellStyle(cell.getCellStyle());
            switch (cell.getCellType()) {
                case NUMERIC -> copy.setCellValue(cell.getNumericCellValue());
                case STRING -> copy.setCellValue(cell.getStringCellValue());
                default -> copy.setBlank();
            }
        }
    }
}
