package io.log2.intelligence;

/**
 * Learns decision-table rows from labelled history. A learner writes rows, never DRL: what it returns is a list of
 * {@link RowChange}s for its agent's table with the evidence behind them. Learners are CDI beans found through
 * {@code @Any Instance<Learner>} (and, outside the service, through {@link java.util.ServiceLoader}); a new learner
 * is one class.
 */
public interface Learner {

    /** The learner's name, as evidence and provenance cells name it. */
    String name();

    /** The rows the labelled series support, with their evidence; no rows when nothing separates the labels. */
    Learned learn(Training training);
}
