package io.log2.agents.terraform;

import static io.log2.imports.ImportRejectedException.BAD_REQUEST;
import static io.log2.imports.ImportRejectedException.INVALID;
import static io.log2.imports.ImportRejectedException.TOO_LARGE;
import static io.log2.imports.ImportRejectedException.UNSUPPORTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.agents.terraform.plan.PlanReader;
import io.log2.imports.ImportRejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Plans in every encoding Terraform and Windows shells write are read alike; broken files are refused with the place. */
class PlanReaderTest {

    private static final PlanReader READER = new PlanReader(1_000_000, 2_000_000);

    static JsonNode read(byte[] bytes) {
        return READER.read(new ByteArrayInputStream(bytes));
    }

    static ImportRejectedException refused(int status, byte[] bytes) {
        ImportRejectedException e = assertThrows(ImportRejectedException.class, () -> read(bytes));
        assertEquals(status, e.status(), e.getMessage());
        return e;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void utf8WithAndWithoutByteOrderMarkAndUtf16BothWaysReadTheSame() {
        byte[] utf8 = Plans.bytes("win-utf8.json");
        String text = new String(utf8, StandardCharsets.UTF_8);
        JsonNode plain = read(utf8);
        assertEquals("aws_s3_bucket.data", plain.path("resource_changes").path(0).path("address").asText());
        assertEquals(plain, read(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8)));
        assertEquals(plain, read(concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, text.getBytes(StandardCharsets.UTF_16BE))));
        assertEquals(plain, read(concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE))));
        // without a byte order mark, the zero bytes beside the first ASCII characters tell UTF-16 apart
        assertEquals(plain, read(text.getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(plain, read(text.getBytes(StandardCharsets.UTF_16BE)));
    }

    @Test
    void theWindowsUtf16FileFromCheckovIsRead() {
        byte[] bytes = Plans.bytes("win-utf16.json");
        // the file starts with FF FE: UTF-16LE with a byte order mark
        assertEquals((byte) 0xFF, bytes[0]);
        assertEquals((byte) 0xFE, bytes[1]);
        JsonNode plan = read(bytes);
        assertEquals("1.1", plan.path("format_version").asText());
        assertEquals("mike-abcd123data", plan.path("resource_changes").path(0).path("change").path("after").path("bucket").asText());
    }

    @Test
    void aGzippedPlanIsRead() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(Plans.bytes("terragoat.json"));
        }
        assertEquals(55, read(out.toByteArray()).path("resource_changes").size());
    }

    @Test
    void brokenJsonIsABadRequestNamingLineAndColumn() {
        // terraform-json's testdata/invalid/plan.json: line 676 closes "default": {}}}}}}} far too often
        ImportRejectedException e = refused(BAD_REQUEST, Plans.bytes("invalid.json"));
        assertEquals("line 676, column 29", e.where());
        assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
    }

    @Test
    void truncatedJsonIsABadRequest() {
        byte[] whole = Plans.bytes("mac-utf8.json");
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        ImportRejectedException e = refused(BAD_REQUEST, half);
        assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
        assertTrue(e.where().startsWith("line "), e.where());
    }

    @Test
    void aStateIsNotAPlan() {
        // checkov's corrupted-tfplan.json holds "values" (a state), no resource_changes or planned_values
        ImportRejectedException e = refused(INVALID, Plans.bytes("state-not-plan.json"));
        assertEquals("resource_changes", e.where());
        assertTrue(e.getMessage().contains("this is a state"), e.getMessage());
    }

    @Test
    void aFileWithoutFormatVersionOrOfAnotherMajorIsRefused() {
        ImportRejectedException missing = refused(INVALID, Plans.bytes("no-format-version.json"));
        assertEquals("format_version", missing.where());
        String future = new String(Plans.bytes("action-reason.json"), StandardCharsets.UTF_8).replace("\"format_version\":\"1.2\"", "\"format_version\":\"2.0\"");
        assertTrue(future.contains("\"2.0\""));
        ImportRejectedException e = refused(INVALID, future.getBytes(StandardCharsets.UTF_8));
        assertTrue(e.getMessage().contains("format_version 2.0 is not read"), e.getMessage());
    }

    @Test
    void aChangeWithoutActionsIsRefusedWithItsPlace() {
        String text = new String(Plans.bytes("action-reason.json"), StandardCharsets.UTF_8).replace("\"actions\":[\"delete\",\"create\"]", "\"actions\":[]");
        ImportRejectedException e = refused(INVALID, text.getBytes(StandardCharsets.UTF_8));
        assertEquals("resource_changes[0].change.actions", e.where());
    }

    @Test
    void emptyBinaryAndZipAreRefusedBeforeParsing() throws IOException {
        refused(BAD_REQUEST, new byte[0]);
        refused(BAD_REQUEST, "  \n ".getBytes(StandardCharsets.UTF_8));
        ImportRejectedException png = refused(UNSUPPORTED, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0});
        assertTrue(png.getMessage().startsWith("binary content"), png.getMessage());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("tfplan"));
            z.write(1);
        }
        assertTrue(refused(UNSUPPORTED, zip.toByteArray()).getMessage().contains("terraform show -json"));
    }

    @Test
    void aByteThatIsNotUtf8IsUnsupportedWithItsPlace() {
        byte[] bytes = Plans.bytes("mac-utf8.json");
        bytes[bytes.length - 20] = (byte) 0xC3;
        bytes[bytes.length - 19] = (byte) 0x28;
        ImportRejectedException e = refused(UNSUPPORTED, bytes);
        assertTrue(e.where().startsWith("line "), e.where());
    }

    @Test
    void aPlanOverTheLimitIsTooLarge() {
        PlanReader small = new PlanReader(1000, 1000);
        ImportRejectedException e = assertThrows(ImportRejectedException.class,
                () -> small.read(new ByteArrayInputStream(Plans.bytes("terragoat.json"))));
        assertEquals(TOO_LARGE, e.status());
    }
}
