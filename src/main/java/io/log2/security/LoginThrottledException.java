package io.log2.security;

import java.time.Duration;

/** Too many failed logins for a user name or from an address: refused until the lock-out ends. */
public class LoginThrottledException extends RuntimeException {

    private final String scope;
    private final Duration retryAfter;

    public LoginThrottledException(String scope, Duration retryAfter) {
        super("too many failed logins " + (scope.equals("user") ? "for this user name" : "from this address")
                + "; try again in " + seconds(retryAfter) + " s");
        this.scope = scope;
        this.retryAfter = retryAfter;
    }

    /** {@code user} or {@code address}. */
    public String scope() {
        return scope;
    }

    /** Whole seconds until the lock-out ends, at least 1. */
    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected answer, not an error: no stack to collect on every refused guess
    }
}
