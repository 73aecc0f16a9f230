package io.log2.intelligence.learn;

import io.log2.intelligence.LearnedTable;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.Signal;
import io.log2.intelligence.Training;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns chosen rows into additions to the {@code LearnedSignals} table, each with its provenance. */
final class LearnedRows {

    static final String MESSAGE = "{metric} of {resource} is {value}, unusual for its own history "
            + "(short z {shortZ}, long z {longZ}, change z {changeZ}, score {score})";

    private LearnedRows() {
    }

    static List<RowChange> additions(String learner, Training training, List<Signal> rows, String reason) {
        String window = training.window();
        // A new id per learner and training window, so the rows of a later training never take an earlier one's ids.
        String stamp = window.substring(window.indexOf("..") + 2).replaceAll("[^0-9]", "");
        List<RowChange> out = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            Signal row = rows.get(n);
            Map<String, String> cells = new LinkedHashMap<>();
            cells.put("Rule", "Learned: " + row);
            cells.putAll(row.cells());
            cells.put("Kind", "alert");
            cells.put("Severity", "medium");
            cells.put("Category", "resource");
            cells.put("Message", MESSAGE);
            cells.put("Provenance", "learner " + learner + ", training window " + window + ", "
                    + training.series().size() + " series, " + training.samples() + " samples");
            out.add(new RowChange(RowChange.Kind.ADD, LearnedTable.FILE, LearnedTable.TABLE,
                    learner + "-" + stamp + "-" + (n + 1), cells, reason));
        }
        return out;
    }
}
