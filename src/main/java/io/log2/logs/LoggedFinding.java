package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored finding, as the audit API reads it. */
@Entity
@Table(name = "finding")
public class LoggedFinding extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "firing_seq")
    public int firingSeq;
    public String agent;
    public int version;
    public String kind;
    public String severity;
    public String category;
    public String rule;
    public String file;
    @Column(name = "source_row")
    public Integer row;
    public String resource;
    @Column(name = "measured")
    public Double value;
    public Double threshold;
    public String message;
    @Column(name = "created_at")
    public Instant createdAt;
}
