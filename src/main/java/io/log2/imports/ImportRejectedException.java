package io.log2.imports;

/**
 * A file that is not imported at all: nothing of it is kept. {@code status} is the HTTP status the REST layer
 * answers with (in problem JSON), {@code where} points at the cause ({@code "body"}, {@code "header"},
 * {@code "line 17, column BilledCost"}, {@code "target"}) and the message says what was wrong.
 */
public class ImportRejectedException extends RuntimeException {

    /** The request cannot be used: an empty file, a corrupt gzip stream, a metric series without a target. */
    public static final int BAD_REQUEST = 400;
    /** The file, or what it decompresses to, is over the limit. */
    public static final int TOO_LARGE = 413;
    /** Not a format the importer reads: binary content, an archive, an unknown header, not UTF-8. */
    public static final int UNSUPPORTED = 415;
    /** A format the importer reads, with content that is wrong: a missing column, a row that cannot be read. */
    public static final int INVALID = 422;
    /** The file was read but could not be stored (the database failed): nothing of it was kept. */
    public static final int UNAVAILABLE = 503;

    private final int status;
    private final String where;

    public ImportRejectedException(int status, String where, String message) {
        super(message);
        this.status = status;
        this.where = where;
    }

    public int status() {
        return status;
    }

    public String where() {
        return where;
    }

    public static ImportRejectedException badRequest(String where, String message) {
        return new ImportRejectedException(BAD_REQUEST, where, message);
    }

    public static ImportRejectedException tooLarge(String message) {
        return new ImportRejectedException(TOO_LARGE, "body", message);
    }

    public static ImportRejectedException unsupported(String where, String message) {
        return new ImportRejectedException(UNSUPPORTED, where, message);
    }

    public static ImportRejectedException invalid(String where, String message) {
        return new ImportRejectedException(INVALID, where, message);
    }
}
