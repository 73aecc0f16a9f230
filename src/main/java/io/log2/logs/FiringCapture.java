package io.log2.logs;

import io.log2.logic.CompiledRuleSet;
import io.log2.logic.ConsequenceErrorSink;
import io.log2.logic.FactFields;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;

/**
 * The agenda listener that records every firing of one session: rule, matched facts, bound values, time and
 * duration, and the error when the consequence threw. One capture per session, used by that session's thread only.
 */
public final class FiringCapture extends DefaultAgendaEventListener implements ConsequenceErrorSink {

    private final CompiledRuleSet ruleSet;
    private final List<CapturedFiring> firings = new ArrayList<>();
    private int seq;
    private long startedNanos;
    private String error;

    public FiringCapture(CompiledRuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    /** The sequence number of the firing under way (1-based), or of the last one. */
    public int currentSeq() {
        return seq;
    }

    public List<CapturedFiring> firings() {
        return firings;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        seq++;
        error = null;
        startedNanos = System.nanoTime();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        long duration = System.nanoTime() - startedNanos;
        Match match = event.getMatch();
        // Facts are records or declared types; the engine's initial fact and values produced by 'from' are not facts.
        List<Object> facts = new ArrayList<>(2);
        for (Object o : match.getObjects()) {
            if (FactFields.isFact(o)) {
                facts.add(o);
            }
        }
        List<String> ids = match.getDeclarationIds();
        String[] names = new String[ids.size()];
        Object[] values = new Object[ids.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = ids.get(i);
            values[i] = match.getDeclarationValue(names[i]);
        }
        String resource = null;
        for (int i = 0; i < facts.size() && resource == null; i++) {
            resource = FactFields.resourceOf(facts.get(i));
        }
        // to the microsecond, as the databases keep it: every path that writes the time (COPY text, JDBC parameters,
        // which round differently) then writes the same value
        firings.add(new CapturedFiring(seq, ruleSet.info(match.getRule()), facts, names, values,
                Instant.now().truncatedTo(ChronoUnit.MICROS), duration, error, resource));
    }

    @Override
    public void consequenceFailed(Match match, Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        error = t.getClass().getName() + ": " + t.getMessage();
    }
}
