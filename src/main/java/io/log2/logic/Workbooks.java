package io.log2.logic;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/** Tables a user keeps in a spreadsheet program (the action policy, the notification routes), read as CSV. */
public final class Workbooks {

    /** The media type of an XLSX workbook. */
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private Workbooks() {
    }

    /** Whether the bytes are an XLSX workbook (a ZIP archive) rather than text. */
    public static boolean isWorkbook(byte[] body) {
        return body.length > 3 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
    }

    /**
     * The first sheet of an XLSX workbook as the CSV a spreadsheet program would export, its row n on line n, so that
     * a refusal names the row the spreadsheet shows; cells as the program displays them.
     *
     * @throws IllegalArgumentException when the bytes are not a workbook that can be read, saying why
     */
    public static String firstSheetAsCsv(byte[] xlsx) {
        StringBuilder csv = new StringBuilder();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(xlsx));
             CSVPrinter printer = new CSVPrinter(csv, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get())) {
            DataFormatter format = new DataFormatter(Locale.ROOT);
            int line = 0;
            for (Row sheetRow : workbook.getSheetAt(0)) {
                for (; line < sheetRow.getRowNum(); line++) {
                    printer.println();
                }
                List<String> row = new ArrayList<>();
                for (int c = 0; c < Math.max(0, sheetRow.getLastCellNum()); c++) {
                    Cell cell = sheetRow.getCell(c);
                    // a line break inside a cell would shift the lines after it
                    row.add(cell == null ? "" : format.formatCellValue(cell).replace('\n', ' ').replace('\r', ' '));
                }
                printer.printRecord(row);
                line++;
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return csv.toString();
    }
}
