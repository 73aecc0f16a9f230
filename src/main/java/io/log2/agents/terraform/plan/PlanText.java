package io.log2.agents.terraform.plan;

import io.log2.imports.BoundedInputStream;
import io.log2.imports.ImportRejectedException;
import io.log2.imports.UploadContent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Turns the bytes of a plan file into text. {@code terraform show -json > plan.json} writes UTF-8, but PowerShell's
 * {@code >} writes UTF-16 with a byte order mark, and editors add a UTF-8 one: all three are read. The encoding
 * comes from the byte order mark, else from where the zero bytes of the first characters are (JSON starts with
 * ASCII), else UTF-8. A gzip-compressed plan is recognised by its magic bytes. Refused before parsing: an empty
 * file (400), binary content (415); a byte sequence that is not text in the encoding is refused (415) where the
 * parser meets it.
 */
public final class PlanText {

    private PlanText() {
    }

    /** The text, decoded strictly; closing the reader releases the inflater but leaves {@code source} open. */
    public static Reader open(InputStream source, long maxBytes, long maxUncompressedBytes) {
        InputStream in = new BufferedInputStream(BoundedInputStream.overSource(source, maxBytes,
                "the file is over the limit of " + maxBytes + " bytes"), UploadContent.SNIFF_BYTES);
        try {
            if (startsWith(in, 0x1f, 0x8b)) {
                in = new BufferedInputStream(BoundedInputStream.overOwn(new GZIPInputStream(in, UploadContent.SNIFF_BYTES),
                        maxUncompressedBytes, "the plan decompresses to more than the limit of " + maxUncompressedBytes + " bytes"),
                        UploadContent.SNIFF_BYTES);
            }
            in.mark(4);
            byte[] head = in.readNBytes(4);
            in.reset();
            if (head.length == 0) {
                throw ImportRejectedException.badRequest("body", "the file is empty (0 bytes)");
            }
            Encoding encoding = Encoding.of(head);
            in.skipNBytes(encoding.bomLength);
            refuseBinary(in, encoding);
            return new InputStreamReader(in, encoding.charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        } catch (IOException e) {
            throw UploadContent.corruptGzip(e);
        }
    }

    /** The encodings a plan arrives in, and how many bytes of byte order mark precede its text. */
    enum Encoding {
        UTF_8(StandardCharsets.UTF_8, 0),
        UTF_8_BOM(StandardCharsets.UTF_8, 3),
        UTF_16LE(StandardCharsets.UTF_16LE, 0),
        UTF_16LE_BOM(StandardCharsets.UTF_16LE, 2),
        UTF_16BE(StandardCharsets.UTF_16BE, 0),
        UTF_16BE_BOM(StandardCharsets.UTF_16BE, 2);

        final Charset charset;
        final int bomLength;

        Encoding(Charset charset, int bomLength) {
            this.charset = charset;
            this.bomLength = bomLength;
        }

        static Encoding of(byte[] head) {
            int b0 = head[0] & 0xff;
            int b1 = head.length > 1 ? head[1] & 0xff : -1;
            int b2 = head.length > 2 ? head[2] & 0xff : -1;
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                return UTF_8_BOM;
            }
            if (b0 == 0xFF && b1 == 0xFE) {
                return UTF_16LE_BOM;
            }
            if (b0 == 0xFE && b1 == 0xFF) {
                return UTF_16BE_BOM;
            }
            // without a mark: the first character is ASCII ('{' or white space), so a zero byte beside it is UTF-16
            if (b0 != 0 && b1 == 0) {
                return UTF_16LE;
            }
            if (b0 == 0 && b1 > 0) {
                return UTF_16BE;
            }
            return UTF_8;
        }
    }

    /**
     * Refuses content whose first characters hold control characters other than white space: an image, an archive,
     * a binary plan file ({@code terraform plan -out} writes a ZIP; {@code terraform show -json} turns it into JSON).
     */
    private static void refuseBinary(InputStream in, Encoding encoding) throws IOException {
        in.mark(UploadContent.SNIFF_BYTES);
        byte[] head = in.readNBytes(UploadContent.SNIFF_BYTES);
        in.reset();
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            throw ImportRejectedException.unsupported("body", "a ZIP archive, such as the binary plan of 'terraform plan -out':"
                    + " send the JSON of 'terraform show -json <planfile>'");
        }
        int unit = encoding.charset == StandardCharsets.UTF_8 ? 1 : 2;
        for (int i = 0; i + unit <= head.length; i += unit) {
            int c = unit == 1 ? head[i] & 0xff
                    : encoding.charset == StandardCharsets.UTF_16LE ? (head[i] & 0xff) | (head[i + 1] & 0xff) << 8
                    : (head[i] & 0xff) << 8 | (head[i + 1] & 0xff);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
                throw ImportRejectedException.unsupported("body", "binary content (character 0x" + Integer.toHexString(c)
                        + " at byte " + (i + encoding.bomLength) + " of the " + encoding.charset.name()
                        + " text): expected the JSON of 'terraform show -json'");
            }
        }
        if (head.length == 0) {
            throw ImportRejectedException.badRequest("body", "the file holds only a byte order mark");
        }
    }

    private static boolean startsWith(InputStream in, int b0, int b1) throws IOException {
        in.mark(2);
        int r0 = in.read();
        int r1 = in.read();
        in.reset();
        return r0 == b0 && r1 == b1;
    }
}
