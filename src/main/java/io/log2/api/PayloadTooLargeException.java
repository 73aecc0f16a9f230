package io.log2.api;

import java.io.IOException;

/**
 * A request body above the limit of its endpoint. An {@link IOException} because it is raised while the body is
 * read, and a JSON parser passes such an exception on as it is instead of reporting it as malformed JSON.
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    /** @param size the declared size, or -1 for a body without Content-Length, refused once it passed the limit */
    public PayloadTooLargeException(long size, long limit, String setting) {
        super((size < 0 ? "the request body is" : "the request body of " + size + " bytes is") + " over the limit of "
                + limit + " bytes (" + setting + ")");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
