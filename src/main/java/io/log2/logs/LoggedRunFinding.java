package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored link from a run to a finding it opened, updated or resolved, with the run's own firing, value and message. */
@Entity
@Table(name = "run_finding")
public class LoggedRunFinding extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "run_id")
    public String runId;
    /** The order in which the run touched its findings, from 1. */
    public int seq;
    @Column(name = "finding_id")
    public long findingId;
    public String action;
    @Column(name = "seen_count")
    public int seen;
    @Column(name = "firing_seq")
    public Integer firingSeq;
    @Column(name = "measured")
    public Double value;
    public Double threshold;
    public String message;
}
