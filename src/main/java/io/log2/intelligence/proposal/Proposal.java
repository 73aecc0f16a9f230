package io.log2.intelligence.proposal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored proposal: its row changes, its evidence and where it stands. */
@Entity
@Table(name = "proposal")
public class Proposal extends PanacheEntityBase {

    /** Being validated: compiled and backtested. */
    public static final String VALIDATING = "validating";
    /** Validated; waits for an approver (or for automatic approval). */
    public static final String AWAITING_APPROVAL = "awaiting-approval";
    /** Approved; its version is being deployed. */
    public static final String DEPLOYING = "deploying";
    /** Deployed; the next cycles are compared with what the backtest promised. */
    public static final String WATCHING = "watching";
    /** Deployed and kept. */
    public static final String DEPLOYED = "deployed";
    /** Refused by validation: it does not compile, or its backtest regresses beyond the tolerance. */
    public static final String REFUSED = "refused";
    /** Rejected by an approver. */
    public static final String REJECTED = "rejected";
    /** Deployed, then rolled back because the live numbers were worse than the backtest promised. */
    public static final String ROLLED_BACK = "rolled-back";
    /**
     * Deployed, then another version was made active (by hand, by another proposal, by an upload or a file edit)
     * while it was watched: the watch ended there, and nothing is rolled back over that choice.
     */
    public static final String SUPERSEDED = "superseded";

    /** A proposal of row changes to decision tables (a learner's, or a person's through the API). */
    public static final String ROWS = "rows";
    /** A proposal of whole files: an upload or an edit of the rules folder while approval is required. */
    public static final String FILES = "files";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String agent;
    public String state;
    /** {@link #ROWS} or {@link #FILES}. */
    public String kind = ROWS;
    /** Where a proposal of files came from: {@code upload} or {@code folder}; null for row changes. */
    public String source;
    public String learner;
    @Column(name = "training_from")
    public Instant trainingFrom;
    @Column(name = "training_to")
    public Instant trainingTo;
    @Column(name = "sample_count")
    public Integer sampleCount;
    public String reason;
    public String changes;
    public String backtest;
    public String problems;
    @Column(name = "base_version")
    public Integer baseVersion;
    @Column(name = "deployed_version")
    public Integer deployedVersion;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_reason")
    public String decisionReason;
    public String node;
    @Column(name = "replaced_version")
    public Integer replacedVersion;
    @Column(name = "watch_runs")
    public int watchRuns;
    @Column(name = "watch_facts")
    public long watchFacts;
    @Column(name = "watch_alerts")
    public long watchAlerts;
    @Column(name = "watch_alerts_before")
    public long watchAlertsBefore;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean ofFiles() {
        return FILES.equals(kind);
    }
}
