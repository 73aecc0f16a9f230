package io.log2.logic;

/** No agent of that name is installed. */
public class UnknownAgentException extends RuntimeException {
    public UnknownAgentException(String agent) {
        super("no agent named '" + agent + "'");
    }
}
