package io.log2.security;

/** The users cannot be read (the database is down or unreachable): no credential can be checked just now. */
public class UserStoreUnavailableException extends RuntimeException {

    public UserStoreUnavailableException(Throwable cause) {
        super("the users cannot be read from the database just now; try again shortly", cause);
    }
}
