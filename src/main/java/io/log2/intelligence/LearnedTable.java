package io.log2.intelligence;

import io.log2.logic.InvalidRequestException;
import io.log2.logic.RuleFile;
import java.util.List;

/**
 * Learned rows written into an agent's tables outside a proposal (the learn-and-score command, tests), with
 * {@link TableEditor}: each row's provenance is what its own {@code Provenance} cell says (a learner's rows carry
 * one), and a change that does not fit the table is an {@link IllegalArgumentException}, as the command reports
 * its other bad input.
 */
public final class LearnedTable {

    /** The workbook learned rows go in by default (an agent keeps its learned table in a workbook of this name). */
    public static final String FILE = "thresholds.drl.xlsx";
    public static final String TABLE = "LearnedSignals";

    private LearnedTable() {
    }

    /** The files with the changes applied. */
    public static List<RuleFile> apply(List<RuleFile> files, List<RowChange> changes) {
        List<String> provenance = changes.stream().map(LearnedTable::provenance).toList();
        try {
            return TableEditor.apply(files, TableEditor.withoutProvenance(changes), provenance::get, "changes");
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The agent's {@value #FILE} with the changes applied. */
    public static byte[] apply(byte[] xlsx, List<RowChange> changes) {
        return apply(List.of(new RuleFile(FILE, xlsx)), changes).get(0).content();
    }

    private static String provenance(RowChange change) {
        return change.cells().entrySet().stream().filter(c -> c.getKey().equalsIgnoreCase(TableEditor.PROVENANCE))
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
    }
}
