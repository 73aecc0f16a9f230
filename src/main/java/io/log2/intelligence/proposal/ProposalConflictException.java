package io.log2.intelligence.proposal;

/** An action a proposal's state does not allow now, such as approving one that was already rejected. */
public class ProposalConflictException extends RuntimeException {

    public ProposalConflictException(String message) {
        super(message);
    }
}
