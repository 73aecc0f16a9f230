package io.log2.logs;

import java.time.Instant;

/**
 * The filters of a findings query; every one is optional. {@code from} keeps findings last seen at or after it,
 * {@code to} those first seen before it: together, the findings seen within [from, to). {@code label} keeps those
 * whose label is {@code useful}, {@code noise} or {@code expected}, or {@value #NO_LABEL} those without one.
 */
public record FindingFilter(String agent, String state, String severity, String category, String rule, String resource,
                            Instant from, Instant to, String label) {

    public static final String NO_LABEL = "none";
}
