package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One label given to a finding: {@code useful}, {@code noise} or {@code expected}, with an optional note, who gave
 * it and when. Labels are never changed or deleted; a finding's label is its latest one ({@code finding.feedback_id}).
 */
@Entity
@Table(name = "finding_feedback")
public class FindingFeedback extends PanacheEntityBase {

    public static final String USEFUL = "useful";
    public static final String NOISE = "noise";
    public static final String EXPECTED = "expected";
    public static final List<String> LABELS = List.of(USEFUL, NOISE, EXPECTED);
    /** Given by a user through the API. */
    public static final String PERSON = "person";
    /** Given by a labelled import from its anomaly windows; a person's label is never replaced by one. */
    public static final String IMPORT = "import";
    public static final Set<String> SOURCES = Set.of(PERSON, IMPORT);
    public static final int MAX_NOTE = 2000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "finding_id")
    public long findingId;
    public String label;
    public String note;
    @Column(name = "given_by")
    public String givenBy;
    public String source;
    @Column(name = "given_at")
    public Instant givenAt;
}
