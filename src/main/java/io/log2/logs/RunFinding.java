package io.log2.logs;

/**
 * A finding as one run left it: what the run did to it ({@value #OPENED}, {@value #UPDATED} or {@value #RESOLVED}),
 * the finding's state, how many times the run saw the condition, and the run's own firing, value and message (a
 * finding the run only resolved has no firing and no value of its own, and carries the finding's last message).
 */
public record RunFinding(long id, String action, String state, int seen, Integer firing, String kind, String severity,
                         String category, String rule, String file, Integer row, String resource, String period,
                         Double value, Double threshold, String message) {

    /** A new finding: no finding with its fingerprint was open. Its state says whether the run also resolved it. */
    public static final String OPENED = "opened";
    /** An open finding seen again. */
    public static final String UPDATED = "updated";
    /** An open finding the run no longer saw. */
    public static final String RESOLVED = "resolved";
}
