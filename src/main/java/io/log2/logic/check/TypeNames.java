package io.log2.logic.check;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mvel2.compiler.AbstractParser;

/**
 * Resolves the names a rule writes to the classes the engine would find for them: the package's imports, its own
 * package, {@code java.lang}, the literal table of MVEL (which knows {@code System}, {@code Runtime},
 * {@code Thread}, {@code Class}... without any import) and fully-qualified names. Resolution never initialises a
 * class.
 */
final class TypeNames {

    private final ClassLoader classLoader;
    private final RuleCodeClasses ruleCode;
    private final Map<String, String> imported = new HashMap<>();
    private final Set<String> importedPackages = new HashSet<>();
    /**
     * Every name looked up so far, found or not. A table of a thousand rows asks for the same few names a thousand
     * times, and a class that is not there is the dearest answer of the class loader: it searches every jar again.
     */
    private final Map<String, Optional<Class<?>>> loaded = new HashMap<>();

    TypeNames(ClassLoader classLoader, RuleCodeClasses ruleCode, String packageName, List<String> imports) {
        this.classLoader = classLoader;
        this.ruleCode = ruleCode;
        importedPackages.add("java.lang");
        if (packageName != null && !packageName.isEmpty()) {
            importedPackages.add(packageName);
        }
        for (String target : imports) {
            if (target.endsWith(".*")) {
                importedPackages.add(target.substring(0, target.length() - 2));
            } else {
                imported.put(target.substring(target.lastIndexOf('.') + 1), target);
            }
        }
    }

    /**
     * The class a dotted name stands for, trying its shortest prefix first ({@code java.lang.System.exit} is the
     * class {@code java.lang.System} and a member {@code exit}).
     *
     * @return the class and how many of the name's parts it used
     */
    Optional<Resolved> resolve(List<String> parts) {
        for (int n = 1; n <= parts.size(); n++) {
            Optional<Class<?>> type = resolve(String.join(".", parts.subList(0, n)));
            if (type.isPresent()) {
                return Optional.of(new Resolved(type.get(), n));
            }
        }
        return Optional.empty();
    }

    record Resolved(Class<?> type, int parts) {
    }

    /**
     * The class compiled from the rules' own code that a dotted name would reach, however it is spelt (through
     * the package, an import, fully qualified, nested with {@code .} or {@code $}), or {@code null}. These classes do
     * not exist yet when the rules are checked, so this asks by name what the engine would find.
     */
    String ruleCodeClass(List<String> parts) {
        for (int n = 1; n <= parts.size(); n++) {
            String name = String.join(".", parts.subList(0, n));
            for (String candidate : candidates(name)) {
                if (ruleCode.contains(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    String ruleCodeClass(String name) {
        return ruleCodeClass(List.of(name.split("\\.", -1)));
    }

    /** Every class name a written name may stand for. */
    private List<String> candidates(String name) {
        List<String> candidates = new java.util.ArrayList<>();
        candidates.add(name);
        int dot = name.indexOf('.');
        String first = dot < 0 ? name : name.substring(0, dot);
        String imp = imported.get(first);
        if (imp != null) {
            candidates.add(imp + (dot < 0 ? "" : name.substring(dot)));
        }
        for (String pkg : importedPackages) {
            candidates.add(pkg + "." + name);
        }
        return candidates;
    }

    Optional<Class<?>> resolve(String name) {
        if (name.isEmpty() || name.startsWith("$")) {
            return Optional.empty();
        }
        Object literal = AbstractParser.LITERALS.get(name);
        if (literal instanceof Class<?> c) {
            return Optional.of(c);
        }
        int dot = name.indexOf('.');
        String first = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot);
        String imp = imported.get(first);
        if (imp != null) {
            Optional<Class<?>> c = load(imp + rest);
            if (c.isPresent()) {
                return c;
            }
        }
        for (String pkg : importedPackages) {
            Optional<Class<?>> c = load(pkg + "." + name);
            if (c.isPresent()) {
                return c;
            }
        }
        return load(name);
    }

    /** Loads a class by its source name, trying nested classes ({@code java.util.Map.Entry}). */
    private Optional<Class<?>> load(String name) {
        return loaded.computeIfAbsent(name, this::loadNow);
    }

    private Optional<Class<?>> loadNow(String name) {
        String candidate = name;
        while (true) {
            try {
                return Optional.of(Class.forName(candidate, false, classLoader));
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty();
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }
}
