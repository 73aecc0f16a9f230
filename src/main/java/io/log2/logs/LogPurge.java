package io.log2.logs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes everything an agent left in the log: its runs, the facts posted to them, firings and the analysis figures kept
 * with them, findings with their feedback, cycles, proposals and
 * rule-set versions. One transaction: the agent's log is purged whole or not at all.
 */
@ApplicationScoped
public class LogPurge {

    /** Children before parents, each with the agent as its only parameter. */
    private static final List<String[]> STATEMENTS = List.of(
            new String[] {"feedback", "DELETE FROM finding_feedback WHERE finding_id IN (SELECT id FROM finding WHERE agent = ?1)"},
            new String[] {"runFindings", "DELETE FROM run_finding WHERE run_id IN (SELECT id FROM run WHERE agent = ?1)"},
            new String[] {"firings", "DELETE FROM firing WHERE agent = ?1"},
            // the figures the analysis keeps as firings are written: purged with them, or it would still count them
            new String[] {"runRules", "DELETE FROM run_rule WHERE agent = ?1"},
            new String[] {"runRuleErrors", "DELETE FROM run_rule_error WHERE agent = ?1"},
            new String[] {"consequenceTimes", "DELETE FROM consequence_time WHERE agent = ?1"},
            new String[] {"findings", "DELETE FROM finding WHERE agent = ?1"},
            new String[] {"runFacts", "DELETE FROM run_fact WHERE agent = ?1"},
            new String[] {"runs", "DELETE FROM run WHERE agent = ?1"},
            new String[] {"cycles", "DELETE FROM monitoring_cycle WHERE agent = ?1"},
            new String[] {"proposalEvents", "DELETE FROM proposal_event WHERE proposal_id IN (SELECT id FROM proposal WHERE agent = ?1)"},
            new String[] {"proposalFiles", "DELETE FROM proposal_file WHERE proposal_id IN (SELECT id FROM proposal WHERE agent = ?1)"},
            new String[] {"proposals", "DELETE FROM proposal WHERE agent = ?1"},
            new String[] {"versionFiles", "DELETE FROM rule_set_file WHERE version_id IN (SELECT id FROM rule_set_version WHERE agent = ?1)"},
            new String[] {"versions", "DELETE FROM rule_set_version WHERE agent = ?1"});

    @Inject
    EntityManager em;

    /** @return how many rows of each kind were removed */
    @Transactional
    public Map<String, Integer> purge(String agent) {
        Map<String, Integer> removed = new LinkedHashMap<>();
        for (String[] statement : STATEMENTS) {
            removed.put(statement[0], em.createNativeQuery(statement[1]).setParameter(1, agent).executeUpdate());
        }
        return removed;
    }
}
