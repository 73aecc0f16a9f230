package io.log2.logic;

import java.util.List;
import java.util.Locale;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * One evaluation: a fresh session of the given rule set, the facts inserted, every rule fired, within the run's
 * {@link RunLimits}. The session is disposed at the end; the rule set is never changed by it.
 */
public final class Evaluator {

    private Evaluator() {
    }

    /**
     * What an evaluation came to: the rules fired ({@code -1} when a consequence was stopped midway; a capture
     * listener has the firings until then), and why it was stopped if it was.
     */
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
     *         then stays fired; a consequence that was stopped midway is not a firing)
     */
    public static Evaluation evaluate(RuleSet ruleSet, List<?> facts, Findings findings, AgendaEventListener listener,
                                      RunLimits limits) {
        KieSession session = ruleSet.compiled().kieBase().newKieSession();
        RunGuard guard = RunGuard.start(limits, session, ruleSet.compiled());
        Evaluation evaluation;
        try {
            try {
                evaluation = fire(session, guard, ruleSet.compiled().usesFindings(), facts, findings, listener, limits);
            } catch (ThreadDeath forced) {
                // the watchdog stopped the thread in code that never checks the guard (see RunGuard)
                guard.forcedStopArrived();
                evaluation = new Evaluation(-1, guard.stopReason());
            }
            guard.close();
        } catch (ThreadDeath forced) {
            // the forced stop arrived after the run had ended by itself; it is aborted all the same
            evaluation = new Evaluation(-1, guard.stopReason());
        } finally {
            guard.close();
            session.dispose();
        }
        return evaluation;
    }

    private static Evaluation fire(KieSession session, RunGuard guard, boolean usesFindings, List<?> facts,
                                   Findings findings, AgendaEventListener listener, RunLimits limits) {
        if (usesFindings) {
            session.setGlobal("findings", findings);
        }
        if (listener != null) {
            session.addEventListener(listener);
        }
        int fired = -1;
        try {
            for (Object fact : facts) {
                if (guard.stopReason() != null) {
                    // inserting evaluates the rules' conditions; past the deadline there is no point going on
                    return new Evaluation(fired, guard.stopReason());
                }
                session.insert(fact);
            }
            fired = session.fireAllRules(limits.maxFirings());
            String next = fired >= limits.maxFirings() && guard.stopReason() == null ? nextToFire(session) : null;
            if (next != null) {
                guard.stop(String.format(Locale.ROOT, "the run reached its cap of %,d firings (log2.run.max-firings); "
                        + "rule \"%s\" was to fire again", limits.maxFirings(), next));
            }
        } catch (RuntimeException | RunAbortedError | StackOverflowError | OutOfMemoryError e) {
            if (causedByThreadDeath(e)) {
                // the forced stop, wrapped by the engine's expression language on its way out
                guard.forcedStopArrived();
            }
            if (guard.stopReason() == null && e instanceof StackOverflowError) {
                guard.stop("a rule recursed without end (StackOverflowError)");
            }
            if (guard.stopReason() == null && e instanceof OutOfMemoryError) {
                // what the run allocated is garbage once its session is disposed; the service and other runs go on
                guard.stop("the run ran out of memory (OutOfMemoryError: " + e.getMessage() + ")");
            }
            if (guard.stopReason() == null) {
                throw e;
            }
        }
        return new Evaluation(fired, guard.stopReason());
    }

    private static boolean causedByThreadDeath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ThreadDeath) {
                return true;
            }
        }
        return false;
    }

    /** The rule that would fire next, asked of the agenda without firing it, or {@code null} when none would. */
    private static String nextToFire(KieSession session) {
        String[] next = new String[1];
        session.fireAllRules(match -> {
            if (next[0] == null) {
                next[0] = match.getRule().getName();
            }
            return false;
        }, 1);
        return next[0];
    }
}
