package io.log2.logic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A decision-table rule's identity: the value in its table's Id column (a Drools {@code NAME} column, which
 * names the generated rule), so that it keeps its name when rows are inserted, moved or sorted, while its sheet
 * row is only where it is now. Before a rule set is compiled, this checks every id written in its tables and
 * fills in the empty ones:
 * <ul>
 * <li>an id is a letter followed by letters, digits, {@code _}, {@code -} or {@code .}, and is unique within
 *     the rule set; anything else is refused naming the row;</li>
 * <li>a row without an id whose cells equal a row of the previous version that had one gets that id back (an
 *     editor that still had the file open saved it again without the ids the service wrote);</li>
 * <li>in a table whose Id column is empty throughout (the column was just added), each row gets the name it has
 *     had so far, {@code <table>_<row>}, so its history goes on;</li>
 * <li>any other row gets {@code <table>_<n>}, n one above the highest number any id of that table has ever had
 *     in the agent's versions, so an id is never given to a second rule.</li>
 * </ul>
 * A table without an Id column keeps Drools' names, {@code <table>_<row>}, which change when rows move.
 */
public final class RuleIds {

    private static final Logger LOG = Logger.getLogger(RuleIds.class);
    /** Readable, and typed in a query without escaping. */
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    private static final Pattern DRL_RULE = Pattern.compile("(?m)^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|([^\\s\"']+))");

    private RuleIds() {
    }

    private record Place(String file, Integer row) {
        String describe(String file) {
            if (row == null) {
                return "the name of a rule in " + this.file;
            }
            return "the id of row " + row + (this.file.equals(file) ? "" : " of " + this.file);
        }
    }

    private record Missing(RuleFile file, TableLayout layout, TableLayout.TableRule rule) {
    }

    /**
     * The files with an id in every row of every table that has an Id column; files that need none are returned
     * as they are. A file Drools cannot read is passed on unchanged for the compiler to report.
     *
     * @param previous the files of the version that is active now (none at start)
     * @param everUsed every rule name of the agent's stored versions; asked for only when a row needs a new id
     * @throws RuleSetRejectedException naming file and row of each malformed or duplicate id
     */
    public static List<RuleFile> fillIn(String agent, List<RuleFile> files, Supplier<List<RuleFile>> previous,
                                        Supplier<Set<String>> everUsed) {
        Map<String, Place> taken = new HashMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        for (RuleFile file : files) {
            if (!file.isDecisionTable()) {
                drlRuleNames(file).forEach(name -> taken.putIfAbsent(name, new Place(file.name(), null)));
            }
        }
        for (RuleFile file : files) {
            TableLayout layout = file.isDecisionTable() ? read(file) : null;
            if (layout == null) {
                continue;
            }
            for (TableLayout.TableRule rule : layout.rules()) {
                Place here = new Place(file.name(), rule.row());
                if (rule.table() == null || rule.table().idColumn() == null) {
                    taken.putIfAbsent(rule.name(), here);
                } else if (rule.id() == null) {
                    missing.add(new Missing(file, layout, rule));
                } else if (!ID.matcher(rule.id()).matches()) {
                    problems.add(new RuleProblem(file.name(), null, rule.row(), "the id '" + shorten(rule.id())
                            + "' is not a rule id: use a letter followed by letters, digits, '_', '-' or '.', at most 100 characters"));
                } else {
                    Place other = taken.putIfAbsent(rule.id(), here);
                    if (other != null) {
                        problems.add(new RuleProblem(file.name(), null, rule.row(), "the id '" + rule.id() + "' is also "
                                + other.describe(file.name()) + "; each rule needs an id of its own (leave it empty for a new one)"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleSetRejectedException(agent, problems);
        }
        if (missing.isEmpty()) {
            return files;
        }
        Map<String, List<TableIdWriter.Id>> writes = assign(missing, taken, previous.get(), everUsed);
        return files.stream()
                .map(f -> writes.containsKey(f.name()) ? TableIdWriter.write(f, writes.get(f.name())) : f)
                .toList();
    }

    /**
     * Writes the files that got ids back into the folder (each through a temporary file and a rename), unless
     * the file was saved again since it was read: that newer save is compiled next and gets its ids then.
     * A file that cannot be written is logged; the version with the ids stays active.
     */
    public static void writeBack(RuleFolder folder, List<RuleFile> read, List<RuleFile> withIds) {
        List<RuleFile> changed = withIds.stream().filter(f -> !read.contains(f)).toList();
        if (changed.isEmpty()) {
            return;
        }
        List<RuleFile> now = folder.read();
        for (RuleFile file : changed) {
            boolean unchanged = read.stream().anyMatch(r -> r.name().equals(file.name()) && now.contains(r));
            if (!unchanged) {
                continue;
            }
            try (RuleFolder.Staged staged = folder.stage(file)) {
                staged.commit();
            } catch (RuleFileNotWrittenException e) {
                LOG.warnf("cannot write the rule ids into %s in %s: %s", file.name(), folder.dir(), e.getMessage());
            }
        }
    }

    /** Every rule name in a file: the ids and row names of a table's rules, the names of a DRL file's rules. */
    static Set<String> ruleNames(RuleFile file) {
        if (!file.isDecisionTable()) {
            return new HashSet<>(drlRuleNames(file));
        }
        TableLayout layout = read(file);
        Set<String> names = new HashSet<>();
        if (layout != null) {
            layout.rules().forEach(r -> names.add(r.name()));
        }
        return names;
    }

    private static Map<String, List<TableIdWriter.Id>> assign(List<Missing> missing, Map<String, Place> taken,
                                                               List<RuleFile> previous, Supplier<Set<String>> everUsed) {
        Map<String, List<String>> before = previousIdsByContent(previous);
        Set<String> used = new HashSet<>(taken.keySet());
        Set<String> history = null;
        Map<String, List<TableIdWriter.Id>> writes = new LinkedHashMap<>();
        for (Missing m : missing) {
            TableLayout.Table table = m.rule().table();
            String id = takeFirstFree(before.get(key(m.file().name(), m.layout(), m.rule())), used);
            if (id == null && idColumnIsEmpty(m)) {
                String rowName = prefix(table) + m.rule().row();
                id = used.contains(rowName) ? null : rowName;
            }
            if (id == null) {
                if (history == null) {
                    history = everUsed.get();
                }
                id = prefix(table) + (highestNumber(prefix(table), used, history) + 1);
            }
            used.add(id);
            writes.computeIfAbsent(m.file().name(), f -> new ArrayList<>())
                    .add(new TableIdWriter.Id(m.rule().row() - 1, table.idColumn(), id, styleRow(m)));
        }
        return writes;
    }

    /** For each row of the previous version that had an id: its table, its cells and its id. */
    private static Map<String, List<String>> previousIdsByContent(List<RuleFile> previous) {
        Map<String, List<String>> ids = new HashMap<>();
        for (RuleFile file : previous) {
            TableLayout layout = file.isDecisionTable() ? read(file) : null;
            if (layout == null) {
                continue;
            }
            for (TableLayout.TableRule rule : layout.rules()) {
                if (rule.id() != null && rule.table() != null) {
                    ids.computeIfAbsent(key(file.name(), layout, rule), k -> new ArrayList<>()).add(rule.id());
                }
            }
        }
        return ids;
    }

    private static String key(String file, TableLayout layout, TableLayout.TableRule rule) {
        return file + '\u0000' + rule.table().name() + '\u0000' + layout.rowContent(rule);
    }

    private static String takeFirstFree(List<String> candidates, Set<String> used) {
        if (candidates != null) {
            for (String id : candidates) {
                if (!used.contains(id)) {
                    return id;
                }
            }
        }
        return null;
    }

    private static boolean idColumnIsEmpty(Missing m) {
        return m.layout().rules().stream().filter(r -> r.table() == m.rule().table()).allMatch(r -> r.id() == null);
    }

    /** The id prefix of a table: its name, made an id if it is not one. */
    private static String prefix(TableLayout.Table table) {
        String name = table.name().replaceAll("[^A-Za-z0-9_.-]", "_");
        return (name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "Rule" + name : name) + "_";
    }

    private static int highestNumber(String prefix, Set<String> used, Set<String> history) {
        int highest = 0;
        for (Set<String> ids : List.of(used, history)) {
            for (String id : ids) {
                if (id.startsWith(prefix)) {
                    String rest = id.substring(prefix.length());
                    if (!rest.isEmpty() && rest.length() < 10 && rest.chars().allMatch(Character::isDigit)) {
                        highest = Math.max(highest, Integer.parseInt(rest));
                    }
                }
            }
        }
        return highest;
    }

    /** A row of the same table that has an id, nearest first: its Id cell's look is copied to a new one. */
    private static Integer styleRow(Missing m) {
        Integer best = null;
        for (TableLayout.TableRule r : m.layout().rules()) {
            if (r.table() == m.rule().table() && r.id() != null
                    && (best == null || Math.abs(r.row() - m.rule().row()) < Math.abs(best + 1 - m.rule().row()))) {
                best = r.row() - 1;
            }
        }
        return best;
    }

    private static TableLayout read(RuleFile file) {
        try {
            return TableLayout.read(TableNormaliser.normalise(file));
        } catch (RuntimeException e) {
            return null; // Drools' build reports why it cannot read the file
        }
    }

    private static List<String> drlRuleNames(RuleFile file) {
        List<String> names = new ArrayList<>();
        Matcher m = DRL_RULE.matcher(new String(file.content(), StandardCharsets.UTF_8));
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return names;
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
