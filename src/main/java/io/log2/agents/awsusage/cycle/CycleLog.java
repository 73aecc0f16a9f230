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
    /** The history store number this cycle evaluated up to; null until its run has been logged. */
    @Column(name = "evaluated_through")
    public Long evaluatedThrough;

    /** The history store number the agent's cycles have evaluated up to: 0 before the first. */
    public static long evaluatedThrough(String agent) {
        Long through = getEntityManager().createQuery(
                "select max(c.evaluatedThrough) from CycleLog c where c.agent = ?1", Long.class)
                .setParameter(1, agent).getSingleResult();
        return through == null ? 0 : through;
    }

    public static List<CycleLog> recent(String agent, int limit) {
        return find("agent = ?1 order by id desc", agent).page(0, limit).list();
    }
}
