package io.log2.intelligence.proposal;

import io.log2.logic.FileChange;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Base64;
import java.util.List;

/** One whole file of a proposal of files, kept until the proposal is decided: its content, or none for a removal. */
@Entity
@Table(name = "proposal_file")
public class ProposalFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "proposal_id")
    public Long proposalId;
    public String name;
    /** Base64 of the file's bytes; null when the proposal removes the file. */
    public String content;

    static ProposalFile of(long proposalId, FileChange change) {
        ProposalFile f = new ProposalFile();
        f.proposalId = proposalId;
        f.name = change.name();
        f.content = change.removes() ? null : Base64.getEncoder().encodeToString(change.content());
        return f;
    }

    FileChange toChange() {
        return new FileChange(name, content == null ? null : Base64.getDecoder().decode(content));
    }

    static List<FileChange> of(long proposalId) {
        return ProposalFile.<ProposalFile>list("proposalId = ?1 order by name", proposalId).stream().map(ProposalFile::toChange).toList();
    }
}
