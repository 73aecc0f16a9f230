package io.log2.logic;

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

/** A stored, immutable version of an agent's rule set: content hash, sequence number, who made it and why. */
@Entity
@Table(name = "rule_set_version")
public class RuleSetVersion extends PanacheEntityBase {

    /** Made when the service started and found rules not stored before. */
    public static final String SOURCE_STARTUP = "startup";
    /** Made when a file in the rules folder was edited. */
    public static final String SOURCE_FILE = "file-edit";
    /** Made by an upload through the API. */
    public static final String SOURCE_UPLOAD = "upload";
    /** Made when a stored version was activated again by hand (a roll back or forward); its files are that version's. */
    public static final String SOURCE_ACTIVATION = "activation";
    /** The first version of an agent made through the API. */
    public static final String SOURCE_CREATE = "create";
    /** Made by deploying an approved proposal. */
    public static final String SOURCE_PROPOSAL = "proposal";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String agent;
    public int seq;
    @Column(name = "content_hash")
    public String contentHash;
    public String source;
    public String reason;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;

    public static Optional<RuleSetVersion> latest(String agent) {
        return find("agent = ?1 order by seq desc", agent).firstResultOptional();
    }

    public static Optional<RuleSetVersion> of(String agent, int seq) {
        return find("agent = ?1 and seq = ?2", agent, seq).firstResultOptional();
    }

    public static List<RuleSetVersion> history(String agent) {
        return list("agent = ?1 order by seq desc", agent);
    }
}
