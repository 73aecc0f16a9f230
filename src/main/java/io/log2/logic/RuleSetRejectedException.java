package io.log2.logic;

import java.util.List;

/** A rule set that does not compile; the running version stays active. */
public class RuleSetRejectedException extends RuntimeException {

    private final String agent;
    private final List<RuleProblem> problems;

    public RuleSetRejectedException(String agent, List<RuleProblem> problems) {
        super("rules of agent '" + agent + "' rejected: " + problems);
        this.agent = agent;
        this.problems = List.copyOf(problems);
    }

    public String agent() {
        return agent;
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
