package io.log2.logic;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * Makes a spreadsheet decision table read the same whichever program saved it. A merged cell such as the
 * pattern {@code $f : MetricSample} over C8:G8 applies to the columns it covers only where the covered cells
 * exist in the file: Excel, LibreOffice and Apache POI write them, openpyxl leaves them out, and Drools then
 * silently drops the pattern from those columns. The normaliser adds the missing covered cells, blank, to an
 * in-memory copy that only the compiler sees; the user's file and the stored version keep their bytes.
 */
final class TableNormaliser {

    private TableNormaliser() {
    }

    static List<RuleFile> normalise(List<RuleFile> files) {
        return files.stream().map(TableNormaliser::normalise).toList();
    }

    /** The file itself when nothing is missing, when it is not a spreadsheet, or when it cannot be read (the compiler says why). */
    static RuleFile normalise(RuleFile file) {
        if (!file.isDecisionTable() || TableLayout.isCsv(file)) {
            return file;
        }
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(file.content()))) {
            if (workbook.getNumberOfSheets() == 0 || !fillCoveredCells(workbook.getSheetAt(0))) {
                return file; // Drools reads the first sheet only
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(file.content().length + 1024);
            workbook.write(out);
            return new RuleFile(file.name(), out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return file;
        }
    }

    private static boolean fillCoveredCells(Sheet sheet) {
        boolean changed = false;
        for (CellRangeAddress region : sheet.getMergedRegions()) {
            for (int r = region.getFirstRow(); r <= region.getLastRow(); r++) {
                Row row = sheet.getRow(r);
                if (row == null) {
                    row = sheet.createRow(r);
                }
                for (int c = region.getFirstColumn(); c <= region.getLastColumn(); c++) {
                    if (row.getCell(c) == null) {
                        row.createCell(c, CellType.BLANK);
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }
}
