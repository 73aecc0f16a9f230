package io.log2.notify;

import java.util.List;

/** Findings' severities in rising order: a route names the lowest it takes, a finding is told again when it rises. */
final class Severity {

    static final List<String> ORDER = List.of("low", "medium", "high", "critical");

    private Severity() {
    }

    static int rank(String severity) {
        return severity == null ? -1 : ORDER.indexOf(severity.toLowerCase(java.util.Locale.ROOT));
    }

    static boolean valid(String severity) {
        return rank(severity) >= 0;
    }
}
