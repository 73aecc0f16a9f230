package io.log2.agents.awsusage.cycle;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One monitoring cycle as stored: when, how it ended, the run it made and how each collector did. */
@Entity
@Table(name = "monitoring_cycle")
public class CycleLog extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String agent;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    /** running, complete, partial (some collectors failed) or failed. */
    public String status;
    @Column(name = "run_id")
    public String runId;
    /** JSON: collector name to "ok" or its error. */
    public String collectors;
    public String error;

    public static Optional<CycleLog> lastStarted(String agent) {
        return find("agent = ?1 and status <> 'failed' order by startedAt desc", agent).firstResultOptional();
    }

    public static List<CycleLog> recent(String agent, int limit) {
        return find("agent = ?1 order by id desc", agent).page(0, limit).list();
    }
}
