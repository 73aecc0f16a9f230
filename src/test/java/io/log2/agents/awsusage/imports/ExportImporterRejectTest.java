package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import static io.log2.agents.awsusage.imports.ImportFixtures.MB;
import static io.log2.agents.awsusage.imports.ImportFixtures.bytes;
import static io.log2.agents.awsusage.imports.ImportFixtures.gzip;
import static io.log2.agents.awsusage.imports.ImportFixtures.read;
import static io.log2.agents.awsusage.imports.ImportFixtures.rejected;
import static io.log2.agents.awsusage.imports.ImportFixtures.text;
import static io.log2.imports.ImportRejectedException.BAD_REQUEST;
import static io.log2.imports.ImportRejectedException.INVALID;
import static io.log2.imports.ImportRejectedException.TOO_LARGE;
import static io.log2.imports.ImportRejectedException.UNSUPPORTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Files that are not imported: each is refused whole, with the status and a message that says why. */
class ExportImporterRejectTest {

    static final String FOCUS = "/data/focus/focus_sample.csv";
    static final String CUR = "/data/cur/test_cur.csv";

    // ---- not a known export ----

    @Test
    void unknownHeaderIsUnsupportedAndTheMessageSaysWhatIsExpected() {
        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("costs.csv", "name,amount\nx,1\n"));

        assertEquals("header", e.where());
        assertContains(e.getMessage(), "BilledCost", "lineItem/UnblendedCost", "line_item_unblended_cost", "timestamp,value",
                "found: name,amount");
    }

    @Test
    void forcedKindWithoutItsColumnsNamesTheMissingOnes() {
        ExportImporter importer = ImportFixtures.importer();

        ImportRejectedException focus = rejected(INVALID, () ->
                importer.read("test_cur.csv", new ByteArrayInputStream(bytes(CUR)), ExportKind.FOCUS, null));
        assertEquals("header", focus.where());
        assertContains(focus.getMessage(), "missing: ChargePeriodStart, BilledCost, ServiceName, ProviderName, SubAccountId or BillingAccountId");

        ImportRejectedException cur = rejected(INVALID, () ->
                importer.read("focus.csv", new ByteArrayInputStream(bytes(FOCUS)), ExportKind.CUR, null));
        assertContains(cur.getMessage(), "missing: lineItem/UsageStartDate, lineItem/UsageAccountId, lineItem/UnblendedCost,"
                + " lineItem/UsageType, product/ProductName or lineItem/ProductCode");

        ImportRejectedException series = rejected(INVALID, () -> importer.read("test_cur.csv", new ByteArrayInputStream(bytes(CUR)),
                ExportKind.METRIC_SERIES, new MetricSeriesTarget("AWS/EC2", "CPUUtilization", "i-1")));
        assertContains(series.getMessage(), "missing: timestamp, value");
    }

    @Test
    void detectedCurWithoutItsCostColumnNamesIt() {
        ImportRejectedException e = rejected(INVALID, () -> read("cur2.csv",
                "line_item_usage_start_date,line_item_usage_account_id,line_item_usage_type,line_item_product_code\n"
                        + "2024-01-01T00:00:00Z,123,BoxUsage,AmazonEC2\n"));

        assertEquals("header", e.where());
        assertContains(e.getMessage(), "CUR 2.0", "missing: line_item_unblended_cost");
    }

    @Test
    void randomBytesAreUnsupported() {
        byte[] garbage = new byte[64 * 1024];
        new Random(20261125).nextBytes(garbage);

        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("costs.csv", garbage));
        assertEquals("body", e.where());
        assertContains(e.getMessage(), "binary content");
    }

    @Test
    void anImageIsUnsupported() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", png));

        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("costs.csv", png.toByteArray()));
        assertContains(e.getMessage(), "binary content");
    }

    @Test
    void aZipArchiveIsUnsupportedAndToldToUnzip() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("test_cur.csv"));
            out.write(bytes(CUR));
            out.closeEntry();
        }

        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("test_cur.zip", zip.toByteArray()));
        assertContains(e.getMessage(), "ZIP archive", "unzip");
    }

    @Test
    void parquetIsUnsupportedAndToldToExportCsv() {
        byte[] parquet = ("PAR1" + "\u0015\u0004".repeat(100)).getBytes(StandardCharsets.ISO_8859_1);

        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("cur.parquet", parquet));
        assertContains(e.getMessage(), "Parquet", "CSV");
    }

    @Test
    void textThatIsNotUtf8IsUnsupported() {
        byte[] latin1 = "timestamp,value,caf\u00e9\n2024-01-01 00:00:00,1,x\n".getBytes(StandardCharsets.ISO_8859_1);

        ImportRejectedException e = rejected(UNSUPPORTED, () -> read("series.csv", latin1));
        assertContains(e.getMessage(), "not UTF-8");
    }

    // ---- empty ----

    @Test
    void emptyFilesAreBadRequests() {
        for (byte[] empty : List.of(new byte[0], " \n\n\t \r\n".getBytes(StandardCharsets.UTF_8), gzip(new byte[0]),
                gzip("\n\n".getBytes(StandardCharsets.UTF_8)))) {
            ImportRejectedException e = rejected(BAD_REQUEST, () -> read("costs.csv", empty));
            assertEquals("body", e.where());
            assertContains(e.getMessage(), "empty");
        }
    }

    // ---- too large ----

    @Test
    void fileOverTheSizeLimitIsRefusedWhileReading() {
        byte[] cur = bytes(CUR);
        ByteArrayInputStream in = new ByteArrayInputStream(cur);
        ExportImporter importer = new ExportImporter(4096, MB);

        ImportRejectedException e = rejected(TOO_LARGE, () -> importer.read("test_cur.csv", in, null, null));
        assertEquals("body", e.where());
        assertContains(e.getMessage(), "over the limit of 4096 bytes");
        assertTrue(in.available() > 0, "stopped before the end of the file");
    }

    @Test
    void fileOfExactlyTheLimitIsRead() {
        byte[] cur = bytes(CUR);
        ImportResult result = new ExportImporter(cur.length, cur.length)
                .read("test_cur.csv", new ByteArrayInputStream(cur), null, null);
        assertEquals(19, result.rowsKept());
        rejected(TOO_LARGE, () -> new ExportImporter(cur.length - 1, cur.length)
                .read("test_cur.csv", new ByteArrayInputStream(cur), null, null));
    }

    @Test
    void compressedSizeCountsAgainstTheFileLimit() {
        byte[] compressed = gzip(bytes(CUR));
        ImportRejectedException e = rejected(TOO_LARGE, () -> new ExportImporter(compressed.length - 1, MB)
                .read("test_cur.csv.gz", new ByteArrayInputStream(compressed), null, null));
        assertContains(e.getMessage(), "over the limit of " + (compressed.length - 1) + " bytes");
    }

    @Test
    void gzipBombIsStoppedAtTheDecompressedLimit() throws IOException {
        // a valid header, then 300 MB of '0' on one line: compresses to well under 1 MB
        byte[] bomb = gzipOf("timestamp,value\n".getBytes(StandardCharsets.US_ASCII), (byte) '0', 300 * MB);
        assertTrue(bomb.length < MB, "bomb of " + bomb.length + " bytes");
        ByteArrayInputStream in = new ByteArrayInputStream(bomb);
        ExportImporter importer = new ExportImporter(2 * MB, 16 * MB);

        ImportRejectedException e = rejected(TOO_LARGE, () -> importer.read("series.csv.gz", in, null,
                new MetricSeriesTarget("AWS/EC2", "CPUUtilization", "i-1")));
        assertEquals("body", e.where());
        assertContains(e.getMessage(), "decompresses to more than the limit of " + 16 * MB + " bytes");
        assertTrue(in.available() > 0, "stopped while inflating, before the end of the compressed data");
    }

    @Test
    void gzipBombOfZeroBytesIsRefusedAsBinaryBeforeItInflates() throws IOException {
        byte[] bomb = gzipOf(new byte[0], (byte) 0, 300 * MB);
        assertTrue(bomb.length < MB, "bomb of " + bomb.length + " bytes");
        ByteArrayInputStream in = new ByteArrayInputStream(bomb);

        ImportRejectedException e = rejected(UNSUPPORTED, () -> ImportFixtures.importer().read("costs.csv.gz", in, null, null));
        assertContains(e.getMessage(), "binary content", "decompressed");
        assertTrue(in.available() > bomb.length / 2, "only the first bytes were inflated");
    }

    @Test
    void truncatedGzipIsABadRequest() {
        byte[] compressed = gzip(bytes(CUR));
        byte[] truncated = Arrays.copyOf(compressed, compressed.length / 2);

        ImportRejectedException e = rejected(BAD_REQUEST, () -> read("test_cur.csv.gz", truncated));
        assertContains(e.getMessage(), "gzip data is corrupt or truncated");
    }

    // ---- rows that cannot be read: the whole file is refused ----

    @Test
    void unreadableAmountNamesTheLineAndColumn() {
        String csv = replaceField(text(FOCUS), 18, 1, "abc");

        ImportRejectedException e = rejected(INVALID, () -> read("focus.csv", csv));
        assertEquals("line 18, column BilledCost", e.where());
        assertContains(e.getMessage(), "line 18, column BilledCost: 'abc' is not a number");
    }

    @Test
    void unreadableRowOfAnotherProviderStillRefusesTheFile() {
        // line 948 is a Microsoft row: refused rows must be readable rows
        assertContains(text(FOCUS).split("\n")[947], "\"Microsoft\"");
        String csv = replaceField(text(FOCUS), 948, 1, "1.2.3");

        ImportRejectedException e = rejected(INVALID, () -> read("focus.csv", csv));
        assertEquals("line 948, column BilledCost", e.where());
    }

    @Test
    void unreadableDateNamesTheColumn() {
        String csv = replaceField(text(FOCUS), 5, 12, "\"30/09/2024 10:00\"");

        ImportRejectedException e = rejected(INVALID, () -> read("focus.csv", csv));
        assertEquals("line 5, column ChargePeriodStart", e.where());
        assertContains(e.getMessage(), "'30/09/2024 10:00' is not a date and time");
    }

    @Test
    void curAmountWithADecimalCommaIsRefused() {
        String csv = ImportFixtures.rewrite(text(CUR), h -> h, (h, cells) -> {
            if (cells.get(h.indexOf("lineItem/UsageType")).equals("USE1-EBS-USW2-EBS-AWS-In-Bytes")) {
                ImportFixtures.set(h, cells, "lineItem/UnblendedCost", "0,5");
            }
        });

        ImportRejectedException e = rejected(INVALID, () -> read("test_cur.csv", csv));
        assertTrue(e.where().matches("line \\d+, column lineItem/UnblendedCost"), e.where());
        assertContains(e.getMessage(), "'0,5' is not a number");
    }

    @Test
    void rowWithAFieldMoreOrLessNamesTheLine() {
        String[] lines = text(FOCUS).split("\n");
        String[] dropped = lines.clone();
        dropped[9] = lines[9].substring(0, lines[9].lastIndexOf(','));
        String[] added = lines.clone();
        added[9] = lines[9] + ",extra";

        ImportRejectedException fewer = rejected(INVALID, () -> read("focus.csv", String.join("\n", dropped)));
        assertEquals("line 10", fewer.where());
        assertContains(fewer.getMessage(), "line 10 has 43 fields where the rows before it have 44");

        ImportRejectedException more = rejected(INVALID, () -> read("focus.csv", String.join("\n", added)));
        assertEquals("line 10", more.where());
        assertContains(more.getMessage(), "line 10 has 45 fields where the header has 44");
    }

    @Test
    void rowsThatAllStopBeforeANeededColumnAreRefused() {
        String csv = "ProviderName,ChargePeriodStart,BilledCost,ServiceName,SubAccountId\n"
                + "AWS,2024-09-01T00:00:00Z,1.0,Amazon S3\n";

        ImportRejectedException e = rejected(INVALID, () -> read("focus.csv", csv));
        assertEquals("line 2, column SubAccountId", e.where());
        assertContains(e.getMessage(), "the row ends after 4 fields");
    }

    @Test
    void unterminatedQuoteIsRefusedWithItsLine() {
        String csv = text(CUR).replaceFirst("\r\n(\\d)", "\r\n\"$1");

        ImportRejectedException e = rejected(INVALID, () -> read("test_cur.csv", csv));
        assertTrue(e.where().startsWith("line "), e.where());
        assertContains(e.getMessage(), "cannot be read as CSV");
    }

    @Test
    void metricSeriesWithoutATargetIsABadRequest() {
        byte[] series = bytes("/data/nab/ec2_cpu_utilization_5f5533.csv");

        ImportRejectedException detected = rejected(BAD_REQUEST, () -> read("series.csv", series));
        assertEquals("target", detected.where());
        assertContains(detected.getMessage(), "needs a target: namespace, metric and resource");

        ByteArrayInputStream in = new ByteArrayInputStream(series);
        ImportRejectedException forced = rejected(BAD_REQUEST, () -> ImportFixtures.importer()
                .read("series.csv", in, ExportKind.METRIC_SERIES, new MetricSeriesTarget("AWS/EC2", " ", "i-1")));
        assertEquals("target", forced.where());
        assertEquals(series.length, in.available(), "refused before reading");
    }

    // ---- helpers ----

    /** Replaces field {@code field} (0-based, unquoted or simply quoted) of 1-based line {@code line}. */
    private static String replaceField(String csv, int line, int field, String value) {
        String[] lines = csv.split("\n", -1);
        List<String> cells = new java.util.ArrayList<>(List.of(lines[line - 1].split(",", -1)));
        cells.set(field, value);
        lines[line - 1] = String.join(",", cells);
        return String.join("\n", lines);
    }

    private static byte[] gzipOf(byte[] head, byte fill, long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(head);
            byte[] block = new byte[(int) MB];
            Arrays.fill(block, fill);
            for (long written = 0; written < length; written += block.length) {
                gz.write(block);
            }
        }
        return out.toByteArray();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' in: " + message);
        }
    }
}
