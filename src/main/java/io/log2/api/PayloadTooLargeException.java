package io.log2.api;

/** A request body above the configured limit. */
public class PayloadTooLargeException extends RuntimeException {

    private final long limit;

    public PayloadTooLargeException(long size, long limit) {
        super("the request body of " + size + " bytes is over the limit of " + limit + " bytes (log2.max-body-bytes)");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
