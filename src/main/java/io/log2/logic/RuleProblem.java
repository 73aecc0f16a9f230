package io.log2.logic;

/**
 * Why a rule file was refused: the file, the line of DRL (or the generated rule's line for a table),
 * the spreadsheet row for a decision table when it is known, and the compiler's reason.
 */
public record RuleProblem(String file, Integer line, Integer row, String reason) {
}
