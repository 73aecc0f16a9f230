package io.log2.logic;

import io.log2.cluster.VersionLock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores rule-set versions and their files; every method is one transaction. */
@ApplicationScoped
public class VersionStore {

    @Inject
    VersionLock lock;

    /**
     * Stores a new version of the compiled files with the next sequence number of its agent. Instances sharing the
     * database number one agent's versions one at a time ({@link VersionLock}); when the latest version already has
     * these files (another instance stored the same edit of a shared folder a moment earlier) it is answered instead.
     */
    @Transactional
    public RuleSetVersion store(CompiledRuleSet compiled, String source, String reason, String createdBy) {
        lock.hold(compiled.agent());
        Optional<RuleSetVersion> latest = RuleSetVersion.latest(compiled.agent());
        if (latest.isPresent() && latest.get().contentHash.equals(compiled.contentHash())) {
            return latest.get();
        }
        RuleSetVersion v = new RuleSetVersion();
        v.agent = compiled.agent();
        v.seq = latest.map(l -> l.seq + 1).orElse(1);
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

    /** The number of each agent's latest version, which is the one every instance runs. */
    @Transactional
    public java.util.Map<String, Integer> latestNumbers() {
        java.util.Map<String, Integer> numbers = new java.util.HashMap<>();
        RuleSetVersion.getEntityManager()
                .createQuery("select v.agent, max(v.seq) from RuleSetVersion v group by v.agent", Object[].class)
                .getResultList().forEach(row -> numbers.put((String) row[0], ((Number) row[1]).intValue()));
        return numbers;
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

    /** The stored version, or a {@link java.util.NoSuchElementException} (a 404) naming what is missing. */
    public RuleSetVersion stored(String agent, int seq) {
        return version(agent, seq)
                .orElseThrow(() -> new java.util.NoSuchElementException("agent '" + agent + "' has no version " + seq));
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
