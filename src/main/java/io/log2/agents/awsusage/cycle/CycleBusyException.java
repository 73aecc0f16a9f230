package io.log2.agents.awsusage.cycle;

/** A cycle was asked for while another one runs; cycles never overlap. */
public class CycleBusyException extends RuntimeException {
    public CycleBusyException() {
        super("a monitoring cycle is running; try again when it has finished (GET /api/agents/aws-usage/cycles)");
    }
}
