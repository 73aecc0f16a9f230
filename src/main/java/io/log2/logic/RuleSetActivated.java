package io.log2.logic;

/** CDI event fired after an agent's active rule set changed. */
public record RuleSetActivated(RuleSet ruleSet) {
}
