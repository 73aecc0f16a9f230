package io.log2.intelligence.proposal;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** One step of a proposal's history: what happened, who did it and when. */
@Entity
@Table(name = "proposal_event")
public class ProposalEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "proposal_id")
    public Long proposalId;
    public Instant at;
    public String actor;
    public String event;
    public String detail;

    static ProposalEvent of(long proposalId, String actor, String event, String detail) {
        ProposalEvent e = new ProposalEvent();
        e.proposalId = proposalId;
        e.at = Instant.now();
        e.actor = actor;
        e.event = event;
        e.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "...";
        return e;
    }

    static List<ProposalEvent> of(long proposalId) {
        return list("proposalId = ?1 order by id", proposalId);
    }
}
