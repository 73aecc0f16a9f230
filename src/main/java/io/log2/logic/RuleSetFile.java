package io.log2.logic;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Base64;
import java.util.List;

/** One file of a stored rule-set version, kept so that a version can be read or rebuilt exactly. */
@Entity
@Table(name = "rule_set_file")
public class RuleSetFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "version_id")
    public Long versionId;
    public String name;
    /** Base64 of the file's bytes. */
    public String content;

    public static List<RuleSetFile> ofVersion(long versionId) {
        return list("versionId = ?1 order by name", versionId);
    }

    public RuleFile toRuleFile() {
        return new RuleFile(name, Base64.getDecoder().decode(content));
    }

    public static RuleSetFile of(long versionId, RuleFile file) {
        RuleSetFile f = new RuleSetFile();
        f.versionId = versionId;
        f.name = file.name();
        f.content = Base64.getEncoder().encodeToString(file.content());
        return f;
    }
}
