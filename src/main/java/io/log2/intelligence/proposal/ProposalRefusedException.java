package io.log2.intelligence.proposal;

import io.log2.logic.RuleProblem;
import java.util.List;

/** Validation refused a proposal: it is stored as refused with these problems, and nothing was deployed. */
public class ProposalRefusedException extends RuntimeException {

    private final long proposal;
    private final List<RuleProblem> problems;

    public ProposalRefusedException(long proposal, String message, List<RuleProblem> problems) {
        super(message);
        this.proposal = proposal;
        this.problems = List.copyOf(problems);
    }

    public long proposal() {
        return proposal;
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
