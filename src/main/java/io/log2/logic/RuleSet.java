package io.log2.logic;

import java.time.Instant;

/** The active rule set of an agent: a compiled rule set and the version number it was stored under. */
public record RuleSet(CompiledRuleSet compiled, int version, String source, Instant activatedAt) {

    public String agent() {
        return compiled.agent();
    }

    public String contentHash() {
        return compiled.contentHash();
    }
}
