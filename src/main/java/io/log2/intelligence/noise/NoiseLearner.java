package io.log2.intelligence.noise;

import io.log2.intelligence.Learned;
import io.log2.intelligence.Learner;
import io.log2.intelligence.RowChange;
import io.log2.intelligence.RowLabels;
import io.log2.intelligence.RowThreshold;
import io.log2.intelligence.Training;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows whose findings people mostly call noise. A row with at least {@value #MIN_LABELLED} labelled findings, more
 * than {@value #MOSTLY} of them {@code noise}, gets a change: retired (removed) when none of its findings was
 * {@code useful} or {@code expected}; otherwise, when its Threshold cell is a number it compares with {@code >} (or
 * {@code <}), the threshold is raised (or lowered) to halfway between the peaks of the noise findings it can drop and
 * the weakest peak of a finding to keep, so every useful or expected finding still fires and the noise below it does
 * not. A row whose noise is no weaker than its useful findings is left alone: no threshold separates them. Each
 * change carries the row's counts of useful, noise and expected findings as its evidence.
 */
@ApplicationScoped
public class NoiseLearner implements Learner {

    static final int MIN_LABELLED = 5;
    static final double MOSTLY = 0.6;
    private static final java.util.Set<String> TESTS = java.util.Set.of(">", ">=", "<", "<=");

    @Override
    public String name() {
        return "noise";
    }

    @Override
    public Learned learn(Training training) {
        List<RowChange> changes = new ArrayList<>();
        for (RowLabels row : training.rows()) {
            if (row.labelled() < MIN_LABELLED || row.noise() <= MOSTLY * row.labelled()) {
                continue;
            }
            String counts = String.format(Locale.ROOT, "of its %d labelled findings %d are noise, %d useful, %d expected",
                    row.labelled(), row.noise(), row.useful(), row.expected());
            if (row.useful() + row.expected() == 0) {
                changes.add(new RowChange(RowChange.Kind.REMOVE, row.file(), row.table(), row.rowId(), Map.of(),
                        "retire " + row.rowId() + ": " + counts));
                continue;
            }
            RowChange raised = raise(row, counts);
            if (raised != null) {
                changes.add(raised);
            }
        }
        return new Learned(changes, new Learned.Evidence(name(), training.window(), training.series().size(),
                training.samples(), training.anomalousSamples(), 0));
    }

    /** The row with its threshold moved past the noise it can drop, or null when no threshold separates them. */
    private static RowChange raise(RowLabels row, String counts) {
        RowThreshold where = row.threshold();
        if (where == null || !TESTS.contains(where.test()) || number(row.cells().get(where.column())) == null
                || row.usefulPeaks().isEmpty()) {
            return null;
        }
        boolean above = where.above();
        // for "<" the same reasoning on negated values: keep the lowest peaks, drop the noise that stayed nearer
        double sign = above ? 1 : -1;
        double weakestKept = Collections.min(row.usefulPeaks().stream().map(v -> v * sign).toList());
        List<Double> droppable = row.noisePeaks().stream().map(v -> v * sign).filter(v -> v < weakestKept).toList();
        if (droppable.isEmpty()) {
            return null;
        }
        double strongestDropped = Collections.max(droppable);
        double level = sign * between(strongestDropped, weakestKept);
        String text = BigDecimal.valueOf(level).stripTrailingZeros().toPlainString();
        String measure = where.field() == null ? "" : " (" + where.column() + ": " + where.factType() + "." + where.field() + ")";
        String reason = String.format(Locale.ROOT, "%s %s%s from %s to %s: %s; %d noise findings peaked at %s or %s, "
                        + "every useful or expected one reached %s", above ? "raise" : "lower", row.rowId(), measure,
                row.cells().get(where.column()), text, counts, droppable.size(), plain(sign * strongestDropped),
                above ? "less" : "more", plain(sign * weakestKept));
        return new RowChange(RowChange.Kind.CHANGE, row.file(), row.table(), row.rowId(), Map.of(where.column(), text), reason);
    }

    /** The shortest decimal strictly between the two values, near their middle, so the cell reads like a person's. */
    static double between(double low, double high) {
        double middle = (low + high) / 2;
        for (int digits = 1; digits <= 15; digits++) {
            double v = new BigDecimal(middle).round(new MathContext(digits)).doubleValue();
            if (v > low && v < high) {
                return v;
            }
        }
        return middle;
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
