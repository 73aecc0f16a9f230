package io.log2.intelligence;

import java.util.List;

/**
 * What a learner proposes: rows for its agent's table, and the evidence behind them.
 *
 * @param rows     the changes to the table (additions of learned rows)
 * @param evidence who learned them from what
 */
public record Learned(List<RowChange> rows, Evidence evidence) {

    public Learned {
        rows = List.copyOf(rows);
    }

    /**
     * @param learner          the learner's name
     * @param trainingWindow   the span of the labelled history, {@code from..to}
     * @param series           labelled series learned from
     * @param samples          samples learned from
     * @param anomalousSamples of them inside a labelled window
     * @param trainingNab      the NAB score (standard profile) of the rows on the training series themselves
     */
    public record Evidence(String learner, String trainingWindow, int series, int samples, int anomalousSamples,
                           double trainingNab) {
    }
}
