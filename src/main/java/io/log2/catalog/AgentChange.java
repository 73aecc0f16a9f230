package io.log2.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One creation, change or deletion of an agent made through the API: who, when, what. */
@Entity
@Table(name = "agent_change")
public class AgentChange extends PanacheEntityBase {

    public static final String CREATE = "create";
    public static final String DISABLE = "disable";
    public static final String ENABLE = "enable";
    public static final String DELETE = "delete";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String agent;
    public String action;
    public String detail;
    @Column(name = "changed_by")
    public String changedBy;
    @Column(name = "changed_at")
    public Instant changedAt;

    static AgentChange of(String agent, String action, String detail, String user) {
        AgentChange c = new AgentChange();
        c.agent = agent;
        c.action = action;
        c.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...";
        c.changedBy = user;
        c.changedAt = Instant.now();
        return c;
    }
}
