package io.log2.actions;

import java.time.Instant;
import java.util.List;

/** One row of the action log, as the API shows it. */
public record ActionEntry(long id, String action, String account, String resource, String severity, String environment,
                          String owner, String runId, Long findingId, Integer firing, String rule, String decision,
                          String state, String node, String diff, String previous, String approvedBy,
                          List<AwsCall> awsCalls, String outcome, String undo, Instant requestedAt, Instant expiresAt,
                          Instant executedAt, Instant finishedAt) {

    public static final String PENDING = "pending";
    public static final String APPROVED = "approved";
    public static final String REJECTED = "rejected";
    public static final String EXPIRED = "expired";
    /** The policy table says never. */
    public static final String REFUSED = "refused";
    /** Not run because of the kill switch, a limit or the cool-down; {@code outcome} says which. */
    public static final String SKIPPED = "skipped";
    /** Executed in part: AWS is still making the change (a snapshot); the execute step is taken again until it ends. */
    public static final String WAITING = "waiting";
    public static final String EXECUTED = "executed";
    public static final String VERIFIED = "verified";
    public static final String FAILED = "failed";
    public static final String UNDONE = "undone";

    Target target() {
        java.util.Map<String, String> tags = new java.util.HashMap<>();
        if (environment != null) {
            tags.put("environment", environment);
        }
        if (owner != null) {
            tags.put("owner", owner);
        }
        return new Target(account, resource, tags, rule, severity, findingId, id);
    }

    Plan plan() {
        return new Plan(diff, previous);
    }
}
