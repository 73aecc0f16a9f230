package io.log2.logic;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every rule name an agent's stored versions have had, so that a new table row never gets an id another rule
 * had before (its firings, findings and feedback would then seem to be the new rule's). Read from the stored
 * files the first time a row needs an id, then only the versions stored since; each distinct file is read once.
 */
@ApplicationScoped
public class RuleIdHistory {

    private static final class Known {
        long lastVersionId;
        final Set<String> names = new HashSet<>();
        final Set<String> filesRead = new HashSet<>();
    }

    private final Map<String, Known> agents = new HashMap<>();

    @Transactional
    public synchronized Set<String> ruleNames(String agent) {
        Known known = agents.computeIfAbsent(agent, a -> new Known());
        List<RuleSetFile> files = RuleSetFile.list(
                "versionId > ?1 and versionId in (select v.id from RuleSetVersion v where v.agent = ?2) order by versionId",
                known.lastVersionId, agent);
        for (RuleSetFile stored : files) {
            known.lastVersionId = Math.max(known.lastVersionId, stored.versionId);
            RuleFile file = stored.toRuleFile();
            if (known.filesRead.add(RuleFolder.contentHash(List.of(file)))) {
                known.names.addAll(RuleIds.ruleNames(file));
            }
        }
        return Set.copyOf(known.names);
    }
}
