package io.log2.logic.check;

import io.log2.logic.RuleProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * Checks the fact types an agent's rules declare ({@code declare Order amount : double end}) and allows the accepted
 * ones in the {@link RulePolicy}. A declared type is plain data: a new name, fields of value types (text, whole and
 * decimal numbers, yes/no), no super type, no annotations (roles, timestamps, property reactivity, class names) and
 * no initial values (MVEL the engine would evaluate). Runs fill its fields from JSON, so what a field can hold is
 * what a JSON value can say.
 */
public final class DeclarationCheck {

    /** The field types a declaration may use, as written in DRL. */
    public static final Set<String> FIELD_TYPES = Set.of(
            "String", "int", "long", "double", "boolean", "Integer", "Long", "Double", "Boolean",
            "java.lang.String", "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Boolean");
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,63}");
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");
    /** Field names the finding log gives a meaning of its own, or that reach the object rather than the data. */
    private static final Set<String> RESERVED_FIELDS = Set.of("type", "class");

    private final RulePolicy policy;
    private final ClassLoader classLoader;

    public DeclarationCheck(RulePolicy policy, ClassLoader classLoader) {
        this.policy = policy;
        this.classLoader = classLoader;
    }

    /** @return what is not allowed in the files' declarations, each with file and line; the rest is allowed in the policy */
    public List<RuleProblem> check(List<RuleSource> sources) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, String> declared = new LinkedHashMap<>();
        for (RuleSource source : sources) {
            if (source.descr() == null || source.descr().getTypeDeclarations().isEmpty()) {
                continue;
            }
            String pkg = source.descr().getName() == null ? "" : source.descr().getName();
            for (TypeDeclarationDescr type : source.descr().getTypeDeclarations()) {
                List<String> refused = new ArrayList<>();
                check(type, pkg, declared, source.file().name(), refused);
                for (String reason : refused) {
                    problems.add(problem(source, type, "declare " + type.getTypeName() + ": " + reason));
                }
                if (refused.isEmpty()) {
                    String className = pkg.isEmpty() ? type.getTypeName() : pkg + "." + type.getTypeName();
                    policy.declare(className, type.getFields().keySet());
                }
            }
        }
        return problems;
    }

    private void check(TypeDeclarationDescr type, String pkg, Map<String, String> declared, String file, List<String> refused) {
        String name = type.getTypeName();
        if (name == null || !TYPE_NAME.matcher(name).matches()) {
            refused.add("a declared type's name starts with a capital letter and has only letters and digits");
            return;
        }
        String previous = declared.putIfAbsent(name, file);
        if (previous != null) {
            refused.add("the type " + name + " is declared twice (also in " + previous + ")");
        }
        if (type.getNamespace() != null && !type.getNamespace().isEmpty() && !type.getNamespace().equals(pkg)) {
            refused.add("a type is declared in its file's package");
        }
        if (exists(pkg.isEmpty() ? name : pkg + "." + name) || exists("java.lang." + name)) {
            refused.add("the name is an existing class; a declaration makes a new type");
        }
        if (type.isTrait()) {
            refused.add("traits are not supported");
        }
        if (!type.getSuperTypes().isEmpty()) {
            refused.add("a declared type extends nothing");
        }
        if (!type.getAnnotations().isEmpty()) {
            refused.add("annotations on declared types are not supported");
        }
        if (type.getFields().isEmpty()) {
            refused.add("a declared type has at least one field");
        }
        for (TypeFieldDescr field : type.getFields().values()) {
            String fieldName = field.getFieldName();
            if (fieldName == null || !FIELD_NAME.matcher(fieldName).matches() || RESERVED_FIELDS.contains(fieldName)) {
                refused.add("field '" + fieldName + "': a field's name starts with a small letter, has only letters and "
                        + "digits and is not one of " + RESERVED_FIELDS);
                continue;
            }
            String fieldType = field.getPattern() == null ? null : field.getPattern().getObjectType();
            if (fieldType == null || !FIELD_TYPES.contains(fieldType.trim())) {
                refused.add("field '" + fieldName + "' of type " + fieldType + ": a field is one of String, int, long, "
                        + "double, boolean, Integer, Long, Double, Boolean");
            }
            if (field.getInitExpr() != null && !field.getInitExpr().isBlank()) {
                refused.add("field '" + fieldName + "': initial values are not supported");
            }
            if (!field.getAnnotations().isEmpty()) {
                refused.add("field '" + fieldName + "': annotations on fields are not supported");
            }
        }
    }

    private boolean exists(String className) {
        try {
            Class.forName(className, false, classLoader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static RuleProblem problem(RuleSource source, BaseDescr descr, String reason) {
        int line = descr == null ? -1 : descr.getLine();
        return new RuleProblem(source.file().name(), line > 0 ? line : null, null, reason);
    }
}
