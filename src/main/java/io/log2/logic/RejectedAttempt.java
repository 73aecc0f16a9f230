package io.log2.logic;

import java.time.Instant;
import java.util.List;

/** The last attempt to activate rules that did not compile: when, from where, and why. */
public record RejectedAttempt(Instant at, String source, String contentHash, List<RuleProblem> problems) {
}
