package io.log2.logic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores rule-set versions and their files; every method is one transaction. */
@ApplicationScoped
public class VersionStore {

    /** Stores a new version of the compiled files with the next sequence number of its agent. */
    @Transactional
    public RuleSetVersion store(CompiledRuleSet compiled, String source, String reason, String createdBy) {
        RuleSetVersion v = new RuleSetVersion();
        v.agent = compiled.agent();
        v.seq = RuleSetVersion.latest(compiled.agent()).map(l -> l.seq + 1).orElse(1);
        v.contentHash = compiled.contentHash();
        v.source = source;
        v.reason = reason;
        v.createdBy = createdBy;
        v.createdAt = Instant.now();
        v.persist();
        for (RuleFile file : compiled.files()) {
            RuleSetFile.of(v.id, file).persist();
        }
        return v;
    }

    @Transactional
    public Optional<RuleSetVersion> latest(String agent) {
        return RuleSetVersion.latest(agent);
    }

    @Transactional
    public List<RuleSetVersion> history(String agent) {
        return RuleSetVersion.history(agent);
    }

    @Transactional
    public Optional<RuleSetVersion> version(String agent, int seq) {
        return RuleSetVersion.of(agent, seq);
    }

    @Transactional
    public List<RuleFile> files(long versionId) {
        return RuleSetFile.ofVersion(versionId).stream().map(RuleSetFile::toRuleFile).toList();
    }

    @Transactional
    public List<String> fileNames(long versionId) {
        return RuleSetFile.ofVersion(versionId).stream().map(f -> f.name).toList();
    }
}
