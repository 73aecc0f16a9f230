package io.log2.logic;

import java.util.List;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * One evaluation: a fresh session of the given rule set, the facts inserted, every rule fired.
 * The session is disposed at the end; the rule set is never changed by it.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * @param listener receives every firing (the log capture), or {@code null} to evaluate bare
     * @return the number of rules fired
     */
    public static int evaluate(RuleSet ruleSet, List<?> facts, Findings findings, AgendaEventListener listener) {
        KieSession session = ruleSet.compiled().kieBase().newKieSession();
        try {
            if (ruleSet.compiled().usesFindings()) {
                session.setGlobal("findings", findings);
            }
            if (listener != null) {
                session.addEventListener(listener);
            }
            for (Object fact : facts) {
                session.insert(fact);
            }
            return session.fireAllRules();
        } finally {
            session.dispose();
        }
    }
}
