package io.log2.intelligence;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.log2.logic.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed between two versions of an agent's rule set, file by file: a spreadsheet table's rows compared by
 * their Id cell by cell (a browser cannot read a workbook; a table without an Id column by the names Drools gives its
 * rows, {@code <table>_<row>}, so a row moved there shows as changed where it left and where it arrived), a DRL file or CSV table as a unified text diff
 * (java-diff-utils). Files the same in both are listed as unchanged and carry nothing else.
 */
public final class VersionDiff {

    /** Lines of context around each changed hunk of a text diff. */
    private static final int CONTEXT = 3;

    /** One file: {@code added}, {@code removed}, {@code changed} or {@code unchanged}, with its row or text changes. */
    public record FileDiff(String file, String status, List<RowDiff> rows, List<String> text) {
    }

    /** One table row by Id: {@code added}, {@code removed} or {@code changed}, with the cells that differ. */
    public record RowDiff(String table, String rowId, String status, List<CellDiff> cells) {
    }

    /** One cell by its column label: {@code before} or {@code after} is null where the cell is blank. */
    public record CellDiff(String column, String before, String after) {
    }

    /** Row names in a person's order: {@code Table_9} before {@code Table_10}, by the number they end with. */
    static final Comparator<String> ROW_ORDER = Comparator.comparing((String id) -> id.replaceFirst("\\d+$", ""))
            .thenComparingLong(id -> {
                String digits = id.substring(id.replaceFirst("\\d+$", "").length());
                return digits.isEmpty() || digits.length() > 18 ? -1 : Long.parseLong(digits);
            })
            .thenComparing(Comparator.naturalOrder());

    private VersionDiff() {
    }

    public static List<FileDiff> between(List<RuleFile> from, List<RuleFile> to) {
        Map<String, RuleFile> before = byName(from);
        Map<String, RuleFile> after = byName(to);
        List<FileDiff> diffs = new ArrayList<>();
        for (String name : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            RuleFile a = before.get(name);
            RuleFile b = after.get(name);
            String status = a == null ? "added" : b == null ? "removed"
                    : Arrays.equals(a.content(), b.content()) ? "unchanged" : "changed";
            if (status.equals("unchanged")) {
                diffs.add(new FileDiff(name, status, List.of(), List.of()));
            } else if (isWorkbook(name)) {
                diffs.add(new FileDiff(name, status, rows(a, b), List.of()));
            } else {
                diffs.add(new FileDiff(name, status, List.of(), text(name, a, b)));
            }
        }
        return diffs;
    }

    private static List<RowDiff> rows(RuleFile a, RuleFile b) {
        Map<String, TableRowIndex.TableRow> before = a == null ? Map.of() : TableRowIndex.withUnnamedRows(List.of(a)).all();
        Map<String, TableRowIndex.TableRow> after = b == null ? Map.of() : TableRowIndex.withUnnamedRows(List.of(b)).all();
        List<RowDiff> rows = new ArrayList<>();
        TreeSet<String> ids = new TreeSet<>(ROW_ORDER);
        ids.addAll(before.keySet());
        ids.addAll(after.keySet());
        for (String id : ids) {
            TableRowIndex.TableRow x = before.get(id);
            TableRowIndex.TableRow y = after.get(id);
            Map<String, String> was = x == null ? Map.of() : x.cells();
            Map<String, String> is = y == null ? Map.of() : y.cells();
            List<CellDiff> cells = new ArrayList<>();
            // columns in the table's order: the row's own first, then any only the other side has
            Map<String, Boolean> columns = new LinkedHashMap<>();
            (y != null ? is : was).keySet().forEach(c -> columns.put(c, true));
            was.keySet().forEach(c -> columns.put(c, true));
            is.keySet().forEach(c -> columns.put(c, true));
            for (String column : columns.keySet()) {
                if (!Objects.equals(was.get(column), is.get(column))) {
                    cells.add(new CellDiff(column, was.get(column), is.get(column)));
                }
            }
            String status = x == null ? "added" : y == null ? "removed" : cells.isEmpty() ? null : "changed";
            if (status != null) {
                rows.add(new RowDiff((y != null ? y : x).table(), id, status, cells));
            }
        }
        return rows;
    }

    private static List<String> text(String name, RuleFile a, RuleFile b) {
        List<String> was = lines(a);
        List<String> is = lines(b);
        return UnifiedDiffUtils.generateUnifiedDiff(a == null ? "/dev/null" : "a/" + name, b == null ? "/dev/null" : "b/" + name,
                was, DiffUtils.diff(was, is), CONTEXT);
    }

    private static List<String> lines(RuleFile f) {
        return f == null ? List.of() : new String(f.content(), StandardCharsets.UTF_8).replace("\r\n", "\n").lines().toList();
    }

    private static boolean isWorkbook(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".xlsx") || lower.endsWith(".xls");
    }

    private static Map<String, RuleFile> byName(List<RuleFile> files) {
        Map<String, RuleFile> map = new TreeMap<>();
        files.forEach(f -> map.put(f.name(), f));
        return map;
    }

    private static TreeSet<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        TreeSet<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
