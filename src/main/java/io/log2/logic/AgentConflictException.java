package io.log2.logic;

/** A change to the agents that their current state forbids: a name in use, a disabled agent asked to run. */
public class AgentConflictException extends RuntimeException {
    public AgentConflictException(String message) {
        super(message);
    }
}
