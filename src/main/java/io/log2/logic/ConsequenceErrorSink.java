package io.log2.logic;

import org.kie.api.runtime.rule.Match;

/** A session listener that takes the errors thrown by rule consequences. */
public interface ConsequenceErrorSink {
    void consequenceFailed(Match match, Exception error);
}
