package io.log2.logs;

import io.log2.logic.RuleInfo;
import java.time.Instant;
import java.util.List;

/**
 * One rule firing as the engine saw it. It holds references only (the matched facts and the bound values);
 * turning them into JSON is left to the writer thread so the engine is not held up.
 */
public record CapturedFiring(int seq, RuleInfo rule, List<Object> facts, String[] bindingNames, Object[] bindingValues,
                             Instant firedAt, long durationNanos, String error, String resource) {
}
