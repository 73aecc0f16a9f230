package io.log2.agents.terraform.pipeline;

import io.log2.logic.Finding;
import java.util.Locale;

/** The severities of findings in order, and how each reads in SARIF. */
public enum Severity {
    LOW("note"), MEDIUM("warning"), HIGH("error"), CRITICAL("error");

    private final String sarifLevel;

    Severity(String sarifLevel) {
        this.sarifLevel = sarifLevel;
    }

    public String sarifLevel() {
        return sarifLevel;
    }

    /** The severity of a name ({@code high}); an unknown name throws {@link IllegalArgumentException}. */
    public static Severity of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    /** A finding's severity; one the rules left unset reads medium, as the findings global sets it. */
    public static Severity of(Finding finding) {
        try {
            return of(finding.severity());
        } catch (RuntimeException e) {
            return MEDIUM;
        }
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
