package io.log2.intelligence.proposal;

/**
 * An agent's stored history as facts, in the order its cycles evaluate them: what a backtest replays through the
 * current and the candidate rule sets. An agent with history implements it as a CDI bean; the core names none.
 */
public interface ReplayHistory {

    /** The agent whose history this is. */
    String agent();

    /** Every stored fact of the agent, oldest first, with the features a live cycle gives it. */
    java.util.List<Object> facts();

    /**
     * The same facts as the runs that evaluated them, oldest first: a backtest replays each in a session of its own,
     * so that rules joining facts of one run never join facts of two. By default the history is one run.
     */
    default java.util.List<java.util.List<Object>> runs() {
        return java.util.List.of(facts());
    }
}
