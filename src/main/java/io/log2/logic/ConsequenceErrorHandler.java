package io.log2.logic;

import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceExceptionHandler;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleRuntime;
import org.drools.core.runtime.rule.impl.DefaultConsequenceExceptionHandler;

/**
 * When a rule's consequence throws, the error is recorded on the firing and the run goes on with the other
 * rules: one faulty rule must not hide every other finding. Without a capture listener the error propagates.
 */
public class ConsequenceErrorHandler implements ConsequenceExceptionHandler {

    private final ConsequenceExceptionHandler fallback = new DefaultConsequenceExceptionHandler();

    @Override
    public void handleException(Match match, RuleRuntime runtime, Exception exception) {
        if (runtime instanceof KieSession session) {
            for (AgendaEventListener listener : session.getAgendaEventListeners()) {
                if (listener instanceof ConsequenceErrorSink sink) {
                    sink.consequenceFailed(match, exception);
                    return;
                }
            }
        }
        fallback.handleException(match, runtime, exception);
    }
}
