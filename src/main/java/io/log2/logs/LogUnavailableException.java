package io.log2.logs;

/** The database did not take a run's log; the run's result is not returned, since it could not be audited. */
public class LogUnavailableException extends RuntimeException {
    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
