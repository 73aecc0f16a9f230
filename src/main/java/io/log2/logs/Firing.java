package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored rule firing, as the audit API reads it. Rows are written by {@link FiringRows} only. */
@Entity
@Table(name = "firing")
public class Firing extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "run_id")
    public String runId;
    public int seq;
    public String agent;
    public int version;
    public String rule;
    @Column(name = "package_name")
    public String packageName;
    public String file;
    @Column(name = "source_row")
    public Integer row;
    public String resource;
    public String facts;
    public String bindings;
    @Column(name = "fired_at")
    public Instant firedAt;
    @Column(name = "duration_nanos")
    public long durationNanos;
    public String error;
    /** The finding this firing reported to, null for a firing that reported none. */
    @Column(name = "finding_id")
    public Long findingId;
}
