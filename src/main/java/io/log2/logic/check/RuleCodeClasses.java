package io.log2.logic.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.util.StringUtils;

/**
 * The classes the engine will compile from a rule set's own Java: one class per function ({@code pkg.Percent} for
 * {@code function percent}), one per rule ({@code pkg.Rule_<name><number>}) and whatever these nest. The engine
 * compiles functions before it builds the rules, and evaluates parts of the rules (constants in constraints,
 * salience, accumulate arguments) while it builds them; an expression that named one of these classes would make
 * the engine initialise it, running its static code before the compiled code is checked. So no rule may name them.
 */
final class RuleCodeClasses {

    /** Per rules package, the simple names of its function classes. */
    private final Map<String, Set<String>> functionClasses = new HashMap<>();

    RuleCodeClasses(List<RuleSource> sources) {
        for (RuleSource source : sources) {
            if (source.descr() == null) {
                continue;
            }
            String pkg = source.descr().getName() == null ? "" : source.descr().getName();
            Set<String> functions = functionClasses.computeIfAbsent(pkg, p -> new HashSet<>());
            for (FunctionDescr function : source.descr().getFunctions()) {
                functions.add(StringUtils.ucFirst(function.getName()));
            }
        }
    }

    /** Whether a class name (binary or source spelling, {@code pkg.Fn$1L} or {@code pkg.Fn.Inner}) is rule code. */
    boolean contains(String className) {
        for (Map.Entry<String, Set<String>> pkg : functionClasses.entrySet()) {
            String prefix = pkg.getKey().isEmpty() ? "" : pkg.getKey() + ".";
            if (!className.startsWith(prefix)) {
                continue;
            }
            String rest = className.substring(prefix.length());
            if (rest.startsWith("Rule_")) {
                return true;
            }
            for (String function : pkg.getValue()) {
                if (rest.equals(function) || rest.startsWith(function + ".") || rest.startsWith(function + "$")) {
                    return true;
                }
            }
        }
        return false;
    }
}
