package io.log2.logic;

import java.util.List;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * One evaluation: a fresh session of the given rule set, the facts inserted, every rule fired, within the run's
 * {@link RunLimits}. The session is disposed at the end; the rule set is never changed by it.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /** What an evaluation came to: the rules fired, and why it was stopped if it was. */
    public record Evaluation(int firings, String abortedBecause) {

        public boolean aborted() {
            return abortedBecause != null;
        }
    }

    /**
     * Evaluates within the default limits.
     *
     * @return the number of rules fired
     */
    public static int evaluate(RuleSet ruleSet, List<?> facts, Findings findings, AgendaEventListener listener) {
        return evaluate(ruleSet, facts, findings, listener, RunLimits.DEFAULTS).firings();
    }

    /**
     * @param listener receives every firing (the log capture), or {@code null} to evaluate bare
     * @return the firings, and the reason when the run went past its limits and was stopped (what it fired until
     *         then stays fired; a consequence that was stopped is not counted)
     */
    public static Evaluation evaluate(RuleSet ruleSet, List<?> facts, Findings findings, AgendaEventListener listener,
                                      RunLimits limits) {
        KieSession session = ruleSet.compiled().kieBase().newKieSession();
        try (RunGuard guard = RunGuard.start(limits, session)) {
            if (ruleSet.compiled().usesFindings()) {
                session.setGlobal("findings", findings);
            }
            session.addEventListener(guard);
            if (listener != null) {
                session.addEventListener(listener);
            }
            try {
                for (Object fact : facts) {
                    session.insert(fact);
                }
                session.fireAllRules(limits.maxFirings());
                if (guard.stopReason() == null && guard.firings() >= limits.maxFirings() && morePending(session)) {
                    guard.stop(String.format(java.util.Locale.ROOT,
                            "the run reached its cap of %,d firings (log2.run.max-firings)%s", limits.maxFirings(),
                            guard.lastRule() == null ? "" : "; the last was of rule \"" + guard.lastRule() + "\""));
                }
            } catch (RuntimeException | RunAbortedError | StackOverflowError e) {
                if (guard.stopReason() == null && e instanceof StackOverflowError) {
                    guard.stop("rule \"" + guard.lastRule() + "\" recursed without end (StackOverflowError)");
                }
                if (guard.stopReason() == null) {
                    throw e;
                }
            }
            return new Evaluation(guard.firings(), guard.stopReason());
        } finally {
            session.dispose();
        }
    }

    /** Whether a rule would still fire: asks the agenda without firing anything. */
    private static boolean morePending(KieSession session) {
        boolean[] pending = new boolean[1];
        session.fireAllRules(match -> {
            pending[0] = true;
            return false;
        }, 1);
        return pending[0];
    }
}
