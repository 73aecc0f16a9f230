package io.log2.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An agent made through the API, as stored: its name, what it was made from, and whether it runs. */
@Entity
@Table(name = "agent_definition")
public class AgentDefinition extends PanacheEntityBase {

    /** The template of an agent whose fact types are declared in its own DRL. */
    public static final String CUSTOM = "custom";

    @Id
    public String name;
    public String template;
    public boolean enabled;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
}
