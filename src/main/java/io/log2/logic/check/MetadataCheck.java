package io.log2.logic.check;

import io.log2.logic.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Checks, when a rule set compiles, what each rule will write to the log: {@code @severity} and {@code @category}
 * from their fixed sets, and names and message templates within the lengths of their columns. A rule that passes
 * cannot make a run fail when its findings and firings are written.
 */
public final class MetadataCheck {

    public static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    public static final Set<String> CATEGORIES = Set.of("cost", "resource", "security", "performance");
    /** The columns' sizes: firing.rule and package_name VARCHAR(255), finding.message VARCHAR(2000). */
    static final int MAX_NAME = 255;
    static final int MAX_MESSAGE = 2000;

    /** @return what would not fit the log, each with the rule's line; rows are left to the caller */
    public List<RuleProblem> check(RuleSource source) {
        List<RuleProblem> problems = new ArrayList<>();
        if (source.descr() == null) {
            return problems;
        }
        String file = source.file().name();
        String pkg = source.descr().getName();
        if (pkg != null && pkg.length() > MAX_NAME) {
            problems.add(new RuleProblem(file, line(source.descr().getLine()), null,
                    "the package name is longer than " + MAX_NAME + " characters"));
        }
        for (RuleDescr rule : source.descr().getRules()) {
            if (rule instanceof QueryDescr) {
                continue;
            }
            String where = "rule \"" + rule.getName() + "\": ";
            Integer line = line(rule.getLine());
            if (rule.getName().length() > MAX_NAME) {
                problems.add(new RuleProblem(file, line, null, where + "the name is longer than " + MAX_NAME + " characters"));
            }
            String severity = value(rule.getAnnotation("severity"));
            if (severity != null && !SEVERITIES.contains(severity)) {
                problems.add(new RuleProblem(file, line, null,
                        where + "@severity(\"" + shorten(severity) + "\") is not one of low, medium, high, critical"));
            }
            String category = value(rule.getAnnotation("category"));
            if (category != null && !CATEGORIES.contains(category)) {
                problems.add(new RuleProblem(file, line, null,
                        where + "@category(\"" + shorten(category) + "\") is not one of cost, resource, security, performance"));
            }
            String message = value(rule.getAnnotation("message"));
            if (message != null && message.length() > MAX_MESSAGE) {
                problems.add(new RuleProblem(file, line, null,
                        where + "@message is " + message.length() + " characters long, more than " + MAX_MESSAGE));
            }
        }
        return problems;
    }

    /** The annotation's single value as a rule reads it (a quoted literal unquoted), or {@code null} when absent. */
    private static String value(AnnotationDescr annotation) {
        if (annotation == null || annotation.getSingleValue() == null) {
            return annotation == null ? null : "";
        }
        String text = annotation.getSingleValue().toString().trim();
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            text = text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
        }
        return text;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static Integer line(int line) {
        return line > 0 ? line : null;
    }
}
