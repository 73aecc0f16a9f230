package io.log2.imports;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Turns the bytes of an upload into text, or refuses them before any parsing: over the size limit (413),
 * empty (400), binary or not UTF-8 (415), a corrupt gzip stream (400).
 *
 * <p>Gzip is recognised by its magic bytes, not by the file name: CUR files arrive as {@code .csv.gz}, and a
 * renamed or unnamed upload must work the same. The first {@value #SNIFF_BYTES} bytes of the (inflated) content
 * are looked at before the CSV parser sees anything, so that an image or an archive gets "binary content"
 * rather than a confusing CSV syntax error. Refusals name what the caller expected ({@link Expected}), so that a
 * playbook result is not asked to be a CSV export.
 */
public final class UploadContent {

    public static final int SNIFF_BYTES = 8192;

    private UploadContent() {
    }

    /**
     * What an upload should hold, in the words of the refusals.
     *
     * @param what  the content, e.g. "a CSV text export"
     * @param inner the thing to take out of an archive or compress once, e.g. "CSV"
     */
    public record Expected(String what, String inner) {
        public static final Expected CSV_EXPORT = new Expected("a CSV text export", "CSV");
    }

    /** The content as UTF-8 text, expected to be a CSV export. */
    public static Reader open(InputStream source, long maxBytes, long maxUncompressedBytes) {
        return open(source, maxBytes, maxUncompressedBytes, Expected.CSV_EXPORT);
    }

    /** The content as UTF-8 text; closing the reader releases the inflater but leaves {@code source} open. */
    public static Reader open(InputStream source, long maxBytes, long maxUncompressedBytes, Expected expected) {
        InputStream raw = new BufferedInputStream(BoundedInputStream.overSource(source, maxBytes,
                "the file is over the limit of " + maxBytes + " bytes"), SNIFF_BYTES);
        // what to close if the content is refused here: the inflater holds native memory
        InputStream opened = raw;
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 < 0) {
                throw ImportRejectedException.badRequest("body", "the file is empty (0 bytes)");
            }
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            if (gzip) {
                opened = new GZIPInputStream(raw, SNIFF_BYTES);
            }
            InputStream content = BoundedInputStream.overOwn(opened, maxUncompressedBytes, gzip
                    ? "the file decompresses to more than the limit of " + maxUncompressedBytes + " bytes (a gzip bomb, or an export to split)"
                    : "the file is over the limit of " + maxUncompressedBytes + " bytes of content");
            byte[] head = content.readNBytes(SNIFF_BYTES);
            int start = sniff(head, gzip, expected);
            InputStream text = new SequenceInputStream(new ByteArrayInputStream(head, start, head.length - start), content);
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new InputStreamReader(text, utf8);
        } catch (IOException e) {
            closeQuietly(opened);
            // BoundedInputStream turns the caller's failures into SourceFailure: what is left comes from the inflater
            throw corruptGzip(e);
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // already refusing the file: the first error is the one to report
        }
    }

    public static ImportRejectedException corruptGzip(IOException e) {
        return ImportRejectedException.badRequest("body", "the gzip data is corrupt or truncated: " + e.getMessage());
    }

    /**
     * Refuses what is clearly not text of the expected kind and returns where the text starts (after a UTF-8 byte
     * order mark).
     * A NUL or another control character in the first bytes means binary: text exports never hold them.
     */
    private static int sniff(byte[] head, boolean gzip, Expected expected) {
        int n = head.length;
        if (n == 0) {
            throw ImportRejectedException.badRequest("body", "the file is empty (a gzip stream of 0 bytes)");
        }
        String known = knownBinary(head, expected);
        if (known != null) {
            throw ImportRejectedException.unsupported("body", known);
        }
        int start = startsWith(head, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = start; i < n; i++) {
            int b = head[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f) {
                throw ImportRejectedException.unsupported("body", "binary content (byte 0x" + Integer.toHexString(b)
                        + " at offset " + i + (gzip ? " of the decompressed data" : "")
                        + "): expected " + expected.what() + ", plain or gzip-compressed");
            }
        }
        if (!isUtf8(head, start, n == SNIFF_BYTES)) {
            throw ImportRejectedException.unsupported("body", "the content is not UTF-8 text: expected " + expected.what() + " in UTF-8");
        }
        boolean blank = true;
        for (int i = start; i < n && blank; i++) {
            blank = Character.isWhitespace(head[i]);
        }
        if (blank && n < SNIFF_BYTES) {
            throw ImportRejectedException.badRequest("body", "the file is empty (only white space)");
        }
        return start;
    }

    /** Formats people upload by mistake, named so that the message says what to do instead. */
    private static String knownBinary(byte[] head, Expected expected) {
        if (startsWith(head, 'P', 'K', 3, 4) || startsWith(head, 'P', 'K', 5, 6)) {
            return "a ZIP archive: unzip it and send the " + expected.inner() + " inside (plain or gzip-compressed)";
        }
        if (startsWith(head, 'P', 'A', 'R', '1')) {
            return "a Parquet file: expected " + expected.what() + " (optionally gzip-compressed)";
        }
        if (startsWith(head, 0x1f, 0x8b)) {
            return "gzip inside gzip: compress the " + expected.inner() + " once";
        }
        if (startsWith(head, 'B', 'Z', 'h')) {
            return "a bzip2 file: only gzip compression is read";
        }
        if (startsWith(head, 0xFD, '7', 'z', 'X', 'Z', 0) || startsWith(head, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "an xz or zstd file: only gzip compression is read";
        }
        if (startsWith(head, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE)) {
            return "UTF-16 text: save the " + expected.inner() + " as UTF-8";
        }
        return null;
    }

    private static boolean startsWith(byte[] head, int... magic) {
        return head.length >= magic.length
                && Arrays.equals(Arrays.copyOf(head, magic.length), toBytes(magic));
    }

    private static byte[] toBytes(int[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    /** Whether the bytes are UTF-8; a sequence cut by the end of a full sniff buffer is not held against them. */
    private static boolean isUtf8(byte[] head, int start, boolean truncated) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(head, start, head.length - start);
        CharBuffer out = CharBuffer.allocate(head.length);
        CoderResult result = decoder.decode(in, out, !truncated);
        if (result.isError()) {
            return false;
        }
        return truncated || !in.hasRemaining();
    }
}
