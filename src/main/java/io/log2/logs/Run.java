package io.log2.logs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored run, as the audit API reads it. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {
    @Id
    public String id;
    public String agent;
    public int version;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "duration_nanos")
    public long durationNanos;
    @Column(name = "fact_count")
    public int factCount;
    @Column(name = "firing_count")
    public int firingCount;
    @Column(name = "finding_count")
    public int findingCount;
    public String status;
    /** One line per source that failed, for a partial run. */
    public String problems;
}
