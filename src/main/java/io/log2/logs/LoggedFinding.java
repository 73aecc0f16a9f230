package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stored finding, as the audit API reads it; where it comes from is on the firing that raised it. */
@Entity
@Table(name = "finding")
public class LoggedFinding extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "run_id")
    public String runId;
    /** The finding's number within its run; its public id is {@code <runId>.<seq>}. */
    public int seq;
    @Column(name = "firing_seq")
    public int firingSeq;
    public String kind;
    public String severity;
    public String category;
    @Column(name = "measured")
    public Double value;
    public Double threshold;
    public String message;
}
