package io.log2.intelligence.score;

/** A labelled anomaly window of one series, as row indexes {@code start..end}, both inclusive. */
public record Window(int start, int end) {

    public Window {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("a window runs from a row to the same or a later row, not " + start + ".." + end);
        }
    }

    public int width() {
        return end - start + 1;
    }

    public boolean contains(int row) {
        return row >= start && row <= end;
    }
}
