package io.log2.logic;

/** The agent exists but none of its rule sets has ever compiled, so there is nothing to run. */
public class NoActiveRuleSetException extends RuntimeException {
    public NoActiveRuleSetException(String agent) {
        super("agent '" + agent + "' has no active rule set: its rules have never compiled; see GET /api/agents/" + agent);
    }
}
