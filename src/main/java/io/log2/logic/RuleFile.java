package io.log2.logic;

import java.util.Arrays;
import java.util.Locale;

/** One file of an agent's rule set: its name in the agent's folder and its bytes. */
public record RuleFile(String name, byte[] content) {

    private static final String[] RULE_SUFFIXES = {".drl", ".drl.xlsx", ".drl.xls", ".drl.csv"};

    /**
     * Whether a file name is one the rule compiler reads. Drools silently ignores a decision table
     * not named {@code *.drl.xlsx}, {@code *.drl.xls} or {@code *.drl.csv}; editor lock files and
     * hidden files are never rules.
     */
    public static boolean isRuleFileName(String name) {
        if (name.startsWith(".") || name.startsWith("~$")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(RULE_SUFFIXES).anyMatch(lower::endsWith);
    }

    /** Whether this file is a decision table (its rules are rows). */
    public boolean isDecisionTable() {
        return !name.toLowerCase(Locale.ROOT).endsWith(".drl");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleFile f && f.name.equals(name) && Arrays.equals(f.content, content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return name + " (" + content.length + " bytes)";
    }
}
