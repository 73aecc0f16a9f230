package io.log2.logic;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A request's point in time, such as {@code from} or {@code to}: ISO-8601, or a 400 naming the parameter. */
public final class InstantParameter {

    private InstantParameter() {
    }

    /** The instant {@code value} names, null when it is absent or blank. */
    public static Instant parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name + " must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, not '"
                    + value + "'", name);
        }
    }
}
