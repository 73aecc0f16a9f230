package io.log2.logs;

import java.time.Instant;

/**
 * One finding while the ledger works on a group of runs: a stored row (with its id) or a new one (id null until it
 * is written). Mutable, and used by the writer thread only.
 */
final class TrackedFinding {

    static final String OPEN = "open";
    static final String RESOLVED = "resolved";

    Long id;
    final String agent;
    final String fingerprint;
    final String rule;
    final String resource;
    final String period;
    /** The key of the fact subject it is about, null when its facts have none. */
    final String subject;
    final String factType;
    String kind;
    String severity;
    String category;
    String state = OPEN;
    Instant firstSeen;
    Instant lastSeen;
    Instant resolvedAt;
    String resolvedBy;
    long count;
    Double value;
    Double threshold;
    String message;
    String firstRunId;
    int firstFiringSeq;
    String lastRunId;
    int lastFiringSeq;

    TrackedFinding(Long id, String agent, String fingerprint, String rule, String resource, String period, String subject,
                   String factType) {
        this.id = id;
        this.agent = agent;
        this.fingerprint = fingerprint;
        this.rule = rule;
        this.resource = resource;
        this.period = period;
        this.subject = subject;
        this.factType = factType;
    }

    boolean isOpen() {
        return OPEN.equals(state);
    }
}
