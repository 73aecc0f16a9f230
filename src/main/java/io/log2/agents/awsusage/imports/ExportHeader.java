package io.log2.agents.awsusage.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The column names of an export's header row. Names are matched ignoring case (CUR has both
 * {@code product/region} and {@code product/ProductName}; hand-edited files vary); where a name appears twice,
 * the first column is used.
 */
final class ExportHeader {

    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();

    ExportHeader(List<String> names) {
        this.names = names.stream().map(String::strip).toList();
        for (int i = 0; i < this.names.size(); i++) {
            index.putIfAbsent(key(this.names.get(i)), i);
        }
    }

    int size() {
        return names.size();
    }

    List<String> names() {
        return names;
    }

    String name(int column) {
        return names.get(column);
    }

    /** The position of the column, or -1 when the header does not have it. */
    int column(String name) {
        return index.getOrDefault(key(name), -1);
    }

    boolean has(String name) {
        return column(name) >= 0;
    }

    boolean anyStartsWith(String prefix) {
        String p = key(prefix);
        return index.keySet().stream().anyMatch(k -> k.startsWith(p));
    }

    /** The names among {@code required} that the header lacks, in the order given. */
    List<String> missing(List<String> required) {
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (!has(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** The first columns, for a message about a header that was not recognised. */
    String preview() {
        List<String> first = names.subList(0, Math.min(8, names.size()));
        String shown = String.join(",", first);
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "…";
        }
        return names.size() > first.size() ? shown + ",… (" + names.size() + " columns)" : shown;
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
