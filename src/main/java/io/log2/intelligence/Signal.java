package io.log2.intelligence;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One learned row of the {@code LearnedSignals} table, as learners reason about it: bounds on a sample's features,
 * all of which must hold. It reads as the table's rule does ({@code longZ > 4.2}, {@code score <= 9.5}); a feature
 * that is null matches no bound, as in Drools.
 */
public record Signal(List<Bound> bounds) {

    /** The features a learned row may test: the unit-free ones, so that one row serves every series. */
    public enum Feature {
        SHORT_Z("Short z", Sample::shortZ),
        LONG_Z("Long z", Sample::longZ),
        CHANGE_Z("Change z", Sample::changeZ),
        SCORE("Score", Sample::score),
        RECENT_SCORE("Recent score", Sample::recentScore),
        RECENT_LONG_Z("Recent long z", Sample::recentLongZ),
        RECENT_CHANGE_Z("Recent change z", Sample::recentChangeZ),
        SINCE_AS_HIGH("Since as high", Sample::sinceAsHigh),
        SINCE_AS_LOW("Since as low", Sample::sinceAsLow);

        private final String column;
        private final Function<Sample, Double> read;

        Feature(String column, Function<Sample, Double> read) {
            this.column = column;
            this.read = read;
        }

        public Double of(Sample f) {
            return read.apply(f);
        }

        /** The table's column for a lower ({@code above}) or upper ({@code at most}) bound. */
        public String column(boolean above) {
            return column + (above ? " above" : " at most");
        }
    }

    /** {@code feature > value} when {@code above}, else {@code feature <= value}. */
    public record Bound(Feature feature, boolean above, double value) {

        public boolean holds(Sample f) {
            Double v = feature.of(f);
            return v != null && (above ? v > value : v <= value);
        }

        @Override
        public String toString() {
            return feature.column + (above ? " > " : " <= ") + text(value);
        }
    }

    public Signal {
        bounds = List.copyOf(bounds);
    }

    public boolean matches(Sample f) {
        for (Bound b : bounds) {
            if (!b.holds(f)) {
                return false;
            }
        }
        return true;
    }

    /** The row's cells in the table, by column label, for the bounds it has; the other bound columns stay empty. */
    public Map<String, String> cells() {
        Map<String, String> cells = new LinkedHashMap<>();
        for (Bound b : bounds) {
            cells.put(b.feature.column(b.above), text(b.value));
        }
        return cells;
    }

    /** A bound as the cell reads it: the shortest plain decimal of the value. */
    static String text(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Tightest bounds first: two lower bounds on one feature keep the larger, two upper bounds the smaller. */
    public static Signal of(List<Bound> bounds) {
        Map<String, Bound> tightest = new LinkedHashMap<>();
        for (Bound b : bounds) {
            String key = b.feature + "/" + b.above;
            Bound other = tightest.get(key);
            if (other == null || (b.above ? b.value > other.value : b.value < other.value)) {
                tightest.put(key, b);
            }
        }
        return new Signal(new ArrayList<>(tightest.values()));
    }

    @Override
    public String toString() {
        return String.join(" and ", bounds.stream().map(Bound::toString).toList());
    }
}
