package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored finding, as the audit API reads it: one condition while it lasts, with its first and last sighting and
 * how often it was seen. Its first and last firing are ({@code firstRunId}, {@code firstFiringSeq}) and
 * ({@code lastRunId}, {@code lastFiringSeq}). Rows are written by the log writer only, the label by
 * {@link FeedbackService}.
 */
@Entity
@Table(name = "finding")
public class LoggedFinding extends PanacheEntityBase {
    @Id
    public Long id;
    public String agent;
    public String fingerprint;
    public String rule;
    public String resource;
    public String period;
    /** The key of what its facts report on (a metric series, a resource); see {@link FindingLedger}. */
    public String subject;
    /** The simple class name of the facts it is about ({@code MetricSample}), null when its facts have no subject. */
    @Column(name = "fact_type")
    public String factType;
    public String kind;
    public String severity;
    public String category;
    public String state;
    @Column(name = "first_seen")
    public Instant firstSeen;
    @Column(name = "last_seen")
    public Instant lastSeen;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    @Column(name = "seen_count")
    public long count;
    @Column(name = "measured")
    public Double value;
    public Double threshold;
    public String message;
    @Column(name = "first_run_id")
    public String firstRunId;
    @Column(name = "first_firing_seq")
    public int firstFiringSeq;
    @Column(name = "last_run_id")
    public String lastRunId;
    @Column(name = "last_firing_seq")
    public int lastFiringSeq;
    /** The finding's label: its latest {@link FindingFeedback}, null while it has none. */
    @Column(name = "feedback_id")
    public Long feedbackId;
}
