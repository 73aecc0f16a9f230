package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import io.log2.imports.BoundedInputStream;

import io.log2.imports.UploadContent;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports one offline file: a FOCUS or CUR cost export, or a metric series; plain or gzip-compressed CSV.
 *
 * <p>All or nothing: the file is either imported whole (rows that are not the cost of AWS usage are counted in
 * {@link ImportResult#refused()}), or refused with an {@link ImportRejectedException} and nothing of it is kept.
 * The input is streamed: memory holds the sums, not the file, and the size limits are enforced while reading.
 *
 * <p>Refusals, by status: 400 an empty file, a corrupt gzip stream, a metric series without a target; 413 a file
 * over {@code maxBytes}, or content inflating past {@code maxUncompressedBytes}; 415 binary content, an archive,
 * text that is not UTF-8, a header that is no known export; 422 a known export lacking a column it needs (forced
 * or detected), or a row that cannot be read (a value, a field count, CSV quoting), named by line and column.
 *
 * <p>The work is split by job: {@link UploadContent} (bytes to text: limits, gzip, binary sniffing),
 * {@link KindDetector} (which export), one {@link RowReader} per kind ({@link FocusReader}, {@link CurReader},
 * {@link MetricSeriesReader}), {@link CostTotals} (daily sums and refusal counts).
 *
 * <p>Stateless and thread-safe; the caller's stream is read but not closed.
 */
public final class ExportImporter {

    private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();

    private final long maxBytes;
    private final long maxUncompressedBytes;

    /**
     * @param maxBytes             the most bytes read from the stream (compressed, if it is): beyond, 413
     * @param maxUncompressedBytes the most bytes of CSV text after decompression: beyond, 413 (a gzip bomb)
     */
    public ExportImporter(long maxBytes, long maxUncompressedBytes) {
        if (maxBytes <= 0 || maxUncompressedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + maxUncompressedBytes);
        }
        this.maxBytes = maxBytes;
        this.maxUncompressedBytes = maxUncompressedBytes;
    }

    /**
     * Reads one file.
     *
     * @param fileName for the result and messages only: the format is told from the content
     * @param in       the file's bytes; read, not closed
     * @param forced   the kind to read the file as, or null to tell it from the header row
     * @param target   what a metric series measures; needed for {@link ExportKind#METRIC_SERIES} only
     * @throws ImportRejectedException when the file is not imported; its status and place say why
     * @throws UncheckedIOException    when {@code in} itself fails (not a fault of the file)
     */
    public ImportResult read(String fileName, InputStream in, ExportKind forced, MetricSeriesTarget target) {
        if (forced == ExportKind.METRIC_SERIES) {
            MetricSeriesReader.checkTarget(target); // fail before reading a byte
        }
        try (Reader text = UploadContent.open(in, maxBytes, maxUncompressedBytes);
             CSVParser parser = CSVParser.builder().setReader(text).setFormat(CSV).get()) {
            return read(fileName, parser, forced, target);
        } catch (IOException e) {
            // declared by the parser's construction and close, neither of which reads the content
            throw new UncheckedIOException(e);
        }
    }

    private ImportResult read(String fileName, CSVParser parser, ExportKind forced, MetricSeriesTarget target) {
        Iterator<CSVRecord> records = parser.iterator();
        ExportHeader header = header(parser, records);
        ExportKind kind = forced != null ? forced : KindDetector.detect(header).orElseThrow(() ->
                ImportRejectedException.unsupported("header", "the header row is not one of a known export: "
                        + KindDetector.EXPECTED + "; found: " + header.preview()));
        RowReader reader = switch (kind) {
            case FOCUS -> new FocusReader(header);
            case CUR -> new CurReader(header);
            case METRIC_SERIES -> new MetricSeriesReader(header, target);
        };
        int rowsRead = 0;
        int width = -1;
        while (next(parser, records)) {
            CSVRecord record = records.next();
            // hasNext() has just read this record: the parser's line number is the line it ends on
            long line = parser.getCurrentLineNumber();
            if (isBlank(record)) {
                continue;
            }
            if (width < 0) {
                width = record.size();
            }
            checkWidth(record, line, width, header);
            reader.read(new ExportRow(header, record, line));
            rowsRead++;
        }
        return reader.result(fileName, rowsRead);
    }

    /**
     * Every row has as many fields as the first one, and no more than the header. Rows may all stop short of
     * the header's last columns (some CUR files declare a trailing column no row fills; a column the readers
     * need and the rows lack fails in {@link ExportRow}); a single row of another width has lost or gained a
     * field, which would shift its values into the wrong columns.
     */
    private static void checkWidth(CSVRecord record, long line, int width, ExportHeader header) {
        if (record.size() > header.size()) {
            throw ImportRejectedException.invalid("line " + line, "line " + line + " has " + record.size()
                    + " fields where the header has " + header.size());
        }
        if (record.size() != width) {
            throw ImportRejectedException.invalid("line " + line, "line " + line + " has " + record.size()
                    + " fields where the rows before it have " + width + " (the header has " + header.size() + ")");
        }
    }

    /** The first row that is not blank; none at all means an empty file. */
    private static ExportHeader header(CSVParser parser, Iterator<CSVRecord> records) {
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                if (!isBlank(record)) {
                    return new ExportHeader(record.toList());
                }
            }
        } catch (UncheckedIOException e) {
            throw unreadable(parser, e, true);
        }
        throw ImportRejectedException.badRequest("body", "the file is empty (no header row)");
    }

    private static boolean next(CSVParser parser, Iterator<CSVRecord> records) {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw unreadable(parser, e, false);
        }
    }

    /** A lone blank field: a line of spaces, which the parser does not skip as it does empty lines. */
    private static boolean isBlank(CSVRecord record) {
        return record.size() == 1 && record.get(0).isBlank();
    }

    /** Maps a failure while parsing to the reason the file is refused. */
    private static RuntimeException unreadable(CSVParser parser, UncheckedIOException e, boolean inHeader) {
        if (e instanceof BoundedInputStream.SourceFailure) {
            return e;
        }
        IOException cause = e.getCause();
        String where = inHeader ? "header" : "line " + parser.getCurrentLineNumber();
        if (cause instanceof CharacterCodingException) {
            return ImportRejectedException.unsupported(where, where + ": the content is not UTF-8 text: expected a CSV export in UTF-8");
        }
        if (cause instanceof ZipException || cause instanceof EOFException) {
            return UploadContent.corruptGzip(cause);
        }
        if (inHeader) {
            return ImportRejectedException.unsupported(where, "the header row cannot be read as CSV: " + cause.getMessage());
        }
        return ImportRejectedException.invalid(where, where + " cannot be read as CSV: " + cause.getMessage());
    }
}
