package io.log2.logic;

/** Where a compiled rule comes from: its package, its file and, for a decision table, its sheet row. */
public record RuleInfo(String name, String packageName, String file, Integer row) {
}
