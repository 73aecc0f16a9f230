package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.log2.agents.awsusage.CostRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.function.Executable;

/**
 * Test fixtures and a second, deliberately plain way of reading the same CSV files: commons-csv's default
 * format with a header map, Double sums, dates cut from the first ten characters. Totals of the importer are
 * checked against these.
 */
final class ImportFixtures {

    static final double TOLERANCE = 1e-9;
    static final long MB = 1024 * 1024;

    private ImportFixtures() {
    }

    static ExportImporter importer() {
        return new ExportImporter(16 * MB, 64 * MB);
    }

    static byte[] bytes(String resource) {
        try (InputStream in = ImportFixtures.class.getResourceAsStream(resource)) {
            assertNotNull(in, "test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static ImportResult read(String name, byte[] content) {
        return importer().read(name, new ByteArrayInputStream(content), null, null);
    }

    static ImportResult read(String name, String content) {
        return read(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static ImportRejectedException rejected(int status, Executable call) {
        ImportRejectedException e = assertThrows(ImportRejectedException.class, call);
        assertEquals(status, e.status(), () -> "status for: " + e.getMessage());
        return e;
    }

    static List<CSVRecord> records(String csv) {
        try (CSVParser parser = CSVParser.parse(csv, CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            return parser.getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sums {@code costColumn} per {@code key} over the rows {@code keep} accepts. */
    static <K> Map<K, Double> totals(String csv, Predicate<CSVRecord> keep, Function<CSVRecord, K> key,
                                                         String costColumn) {
        Map<K, Double> totals = new HashMap<>();
        for (CSVRecord r : records(csv)) {
            if (keep.test(r)) {
                totals.merge(key.apply(r), Double.parseDouble(r.get(costColumn)), Double::sum);
            }
        }
        return totals;
    }

    static Function<CSVRecord, LocalDate> day(String column) {
        return r -> LocalDate.parse(r.get(column).substring(0, 10));
    }

    static <K> Map<K, Double> totals(ImportResult result, Function<CostRecord, K> key) {
        Map<K, Double> totals = new HashMap<>();
        for (CostRecord c : result.costs()) {
            totals.merge(key.apply(c), c.amount(), Double::sum);
        }
        return totals;
    }

    static <K> void assertTotals(Map<K, Double> expected, Map<K, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "the days (or keys) with cost");
        expected.forEach((k, v) -> assertEquals(v, actual.get(k), TOLERANCE, "total of " + k));
    }

    /** Rewrites a CSV: the header through {@code header}, each row through {@code row} (given the header names). */
    static String rewrite(String csv, UnaryOperator<List<String>> header, RowEdit row) {
        try (CSVParser parser = CSVParser.parse(csv, CSVFormat.DEFAULT)) {
            List<CSVRecord> all = parser.getRecords();
            List<String> names = all.get(0).toList();
            StringBuilder out = new StringBuilder();
            try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT)) {
                printer.printRecord(header.apply(new ArrayList<>(names)));
                for (int i = 1; i < all.size(); i++) {
                    List<String> cells = new ArrayList<>(all.get(i).toList());
                    row.edit(names, cells);
                    printer.printRecord(cells);
                }
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface RowEdit {
        void edit(List<String> header, List<String> cells);
    }

    static void set(List<String> header, List<String> cells, String column, String value) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + column);
        }
        cells.set(i, value);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
