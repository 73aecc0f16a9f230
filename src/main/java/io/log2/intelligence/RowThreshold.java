package io.log2.intelligence;

import io.log2.intelligence.TableRowIndex.Condition;
import io.log2.intelligence.TableRowIndex.TableRow;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cell of a decision-table row holds its threshold, how the row compares with it, and what it measures. Two
 * ways of writing a threshold are understood:
 * <ul>
 *   <li>a condition column whose code compares a numeric field of its pattern's fact type with the cell, such as
 *       pattern {@code $r : Reading} and code {@code latencyMs > $param}: the row measures that field of the matched
 *       fact, a field of a Java record or of a type declared in DRL alike;</li>
 *   <li>a {@code Threshold} cell with a {@code Test} cell ({@code >}, {@code <}...) beside it, the rule binding what
 *       it measures as {@code $value} (the tables of the agents that ship with the service).</li>
 * </ul>
 *
 * @param column    the label of the threshold's column
 * @param test      {@code >}, {@code >=}, {@code <} or {@code <=}: a finding is raised when the measure compares so
 * @param factType  the fact type whose field is measured; null when the rule binds {@code $value}
 * @param field     the measured field; null when the rule binds {@code $value}
 */
public record RowThreshold(String column, String test, String factType, String field) {

    static final String THRESHOLD = "Threshold";
    static final String TEST = "Test";
    private static final Set<String> TESTS = Set.of(">", ">=", "<", "<=");
    /** {@code field > $param}, optionally bound ({@code $x : field > $param}). */
    private static final Pattern FIELD_TEST = Pattern.compile(
            "^\\s*(?:\\$\\w+\\s*:\\s*)?([A-Za-z_]\\w*)\\s*(>=|>|<=|<)\\s*\\$param\\s*$");
    /** {@code $r : Reading} or {@code Reading()}: the pattern's type. */
    private static final Pattern PATTERN_TYPE = Pattern.compile("^\\s*(?:\\$\\w+\\s*:\\s*)?([\\w.]+)\\s*(?:\\(\\s*\\))?\\s*$");

    /** Whether a finding whose measure is {@code peak} lies above the threshold (for {@code >}) rather than below. */
    public boolean above() {
        return test.startsWith(">");
    }

    /** The row's threshold, or empty when it has none this class understands or its cell is not filled. */
    public static Optional<RowThreshold> of(TableRow row, List<Condition> conditions, NumericFields fields) {
        for (Condition c : conditions) {
            if (!row.cells().containsKey(c.label())) {
                continue;
            }
            Matcher code = FIELD_TEST.matcher(c.code());
            Matcher pattern = PATTERN_TYPE.matcher(c.pattern() == null ? "" : c.pattern());
            if (code.matches() && pattern.matches() && fields.has(pattern.group(1), code.group(1))) {
                String type = pattern.group(1);
                return Optional.of(new RowThreshold(c.label(), code.group(2),
                        type.substring(type.lastIndexOf('.') + 1), code.group(1)));
            }
        }
        String test = row.cells().get(TEST);
        if (row.cells().containsKey(THRESHOLD) && test != null && TESTS.contains(test.strip())) {
            return Optional.of(new RowThreshold(THRESHOLD, test.strip(), null, null));
        }
        return Optional.empty();
    }
}
