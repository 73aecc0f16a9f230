package io.log2.agents.awsusage.imports;

import io.log2.imports.ImportRejectedException;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * One data row of an export, with typed access to its cells. Every value that cannot be read fails the whole
 * file with 422, naming the line and the column, so that a half-read export never becomes half a month of costs.
 */
final class ExportRow {

    /** A plain decimal: Double.parseDouble would also take "NaN", "Infinity", "1d" and hexadecimal. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final ExportHeader header;
    private final CSVRecord record;
    private final long line;

    ExportRow(ExportHeader header, CSVRecord record, long line) {
        this.header = header;
        this.record = record;
        this.line = line;
    }

    /**
     * The trimmed cell, or null when the column is absent ({@code column < 0}) or the cell is blank or the literal
     * {@code NULL} (how FOCUS exports write a missing value).
     */
    String text(int column) {
        if (column < 0) {
            return null;
        }
        if (column >= record.size()) {
            throw invalid(column, "the row ends after " + record.size() + " fields, before this column (the header has "
                    + header.size() + ")");
        }
        String value = record.get(column).strip();
        return value.isEmpty() || value.equals("NULL") ? null : value;
    }

    String required(int column) {
        String value = text(column);
        if (value == null) {
            throw invalid(column, "no value");
        }
        return value;
    }

    BigDecimal decimal(int column) {
        String value = required(column);
        if (!DECIMAL.matcher(value).matches()) {
            throw invalid(column, "'" + shorten(value) + "' is not a number");
        }
        BigDecimal number = new BigDecimal(value);
        if (!Double.isFinite(number.doubleValue())) {
            throw invalid(column, "'" + shorten(value) + "' is out of range");
        }
        return number;
    }

    /**
     * An instant written as ISO-8601 with an offset ({@code 2024-09-01T00:00:00Z}), or without one, with a space
     * or a {@code T} ({@code 2024-09-01 00:00:00}, {@code 2022-07-01 00:00:00.000}), taken as UTC as exports and
     * CloudWatch write them; a bare date is its midnight UTC.
     */
    Instant instant(int column) {
        String value = required(column);
        try {
            return parseInstant(value);
        } catch (DateTimeParseException e) {
            throw invalid(column, "'" + shorten(value) + "' is not a date and time (expected ISO-8601 or yyyy-MM-dd HH:mm:ss, UTC)");
        }
    }

    static Instant parseInstant(String value) {
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String iso = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(iso);
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(parsed).toInstant();
        }
        return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC);
    }

    ImportRejectedException invalid(int column, String problem) {
        String name = header.name(column);
        return ImportRejectedException.invalid("line " + line + ", column " + name,
                "line " + line + ", column " + name + ": " + problem);
    }

    private static String shorten(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
