package io.log2.logic.check;

import io.log2.logic.Findings;
import io.log2.logic.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AnnotatedBaseDescr;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalBranchDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.GroupByDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NamedConsequenceDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Checks a parsed rule file before the engine compiles it, because the engine evaluates parts of a rule while it
 * compiles (metadata values and constant expressions go through MVEL) and evaluates its conditions with MVEL later:
 * imports, globals, functions' types, rule attributes, metadata values, pattern types and every MVEL expression
 * (constraints, {@code from}, accumulate arguments, evals, salience). What the Java compiler sees is checked again
 * in the bytecode ({@link GeneratedCodeCheck}).
 */
public final class SourceCheck {

    /** Rule attributes a rule may set; timers, calendars and durations schedule work beyond the run. */
    private static final Set<String> ATTRIBUTES = Set.of(
            "salience", "no-loop", "lock-on-active", "auto-focus", "agenda-group", "activation-group",
            "ruleflow-group", "date-effective", "date-expires", "enabled", "dialect");
    /** The accumulate functions the engine ships; custom ones are Java classes and need an import. */
    private static final Set<String> ACCUMULATE_FUNCTIONS = Set.of(
            "average", "count", "countDistinct", "max", "min", "sum", "collectList", "collectSet", "variance",
            "standardDeviation", "averageBD", "sumBD", "sumLong", "sumInteger", "maxI", "minI", "maxL", "minL",
            "maxN", "minN");
    /** Packages a rule file may not claim: the JDK's, the engine's, the service's own. */
    private static final List<String> RESERVED_PACKAGES = List.of(
            "java", "javax", "jakarta", "jdk", "sun", "com.sun", "org.drools", "org.kie", "org.mvel2", "io.quarkus",
            "io.smallrye", "io.vertx", "org.h2", "org.postgresql", "io.log2");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,30}+(\\.\\d{1,30}+)?+([eE][-+]?\\d{1,4}+)?+[dDfFlL]?");
    private static final String FINDINGS = Findings.class.getName();
    static final String RULE_CODE = "names a class compiled from the rules' own code (a function's or a rule's); "
            + "call a function by its name";

    private final RulePolicy policy;
    private final ClassLoader classLoader;
    private final RuleCodeClasses ruleCode;

    /** @param sources every file of the rule set, so that no file names the classes compiled from another's code */
    public SourceCheck(RulePolicy policy, ClassLoader classLoader, List<RuleSource> sources) {
        this.policy = policy;
        this.classLoader = classLoader;
        this.ruleCode = new RuleCodeClasses(sources);
    }

    /** @return what is not allowed in the file, each with its line; rows are left to the caller */
    public List<RuleProblem> check(RuleSource source) {
        Run run = new Run(source);
        if (source.descr() != null) {
            run.pkg(source.descr());
        }
        return run.problems;
    }

    /** The check of one file: its names, and the problems found so far. */
    private final class Run {
        private final RuleSource source;
        private final List<RuleProblem> problems = new ArrayList<>();
        private TypeNames names;
        private ExpressionCheck expressions;
        private String where = "";

        Run(RuleSource source) {
            this.source = source;
        }

        void pkg(PackageDescr pkg) {
            List<String> imports = new ArrayList<>();
            for (ImportDescr imp : pkg.getImports()) {
                imports.add(imp.getTarget());
            }
            names = new TypeNames(classLoader, ruleCode, pkg.getName(), imports);
            expressions = new ExpressionCheck(policy, names);
            String name = pkg.getName() == null ? "" : pkg.getName();
            for (String reserved : RESERVED_PACKAGES) {
                if ((name.equals(reserved) || name.startsWith(reserved + "."))
                        && !name.equals("io.log2.rules") && !name.startsWith("io.log2.rules.")) {
                    refuse(pkg, "package " + name + " is reserved; name the rules' package after the agent, such as io.log2.rules.<agent>");
                }
            }
            if (pkg.getUnit() != null) {
                refuse(pkg.getUnit(), "rule units are not supported");
            }
            for (ImportDescr imp : pkg.getImports()) {
                importOf(imp);
            }
            for (FunctionImportDescr imp : pkg.getFunctionImports()) {
                functionImport(imp);
            }
            for (ImportDescr imp : pkg.getAccumulateImports()) {
                refuse(imp, "custom accumulate functions are Java classes and not allowed in rules");
            }
            for (GlobalDescr global : pkg.getGlobals()) {
                if (!global.getIdentifier().equals("findings") || !global.getType().equals(FINDINGS)
                        && !resolves(global.getType(), FINDINGS)) {
                    refuse(global, "global " + global.getIdentifier() + ": the only global is 'findings' of type " + FINDINGS);
                }
            }
            if (!policy.allowsDeclarations()) {
                // an agent that declares its fact types has each declaration checked by DeclarationCheck
                pkg.getTypeDeclarations().forEach(d -> refuse(d, "type declarations are not allowed: rules use their agent's facts"));
            }
            pkg.getEnumDeclarations().forEach(d -> refuse(d, "enum declarations are not allowed: rules use their agent's facts"));
            pkg.getEntryPointDeclarations().forEach(d -> refuse(d, "entry-point declarations are not supported"));
            pkg.getWindowDeclarations().forEach(d -> refuse(d, "window declarations are not supported"));
            for (AttributeDescr attribute : pkg.getAttributes()) {
                attribute(attribute);
            }
            for (FunctionDescr function : pkg.getFunctions()) {
                where = "function " + function.getName() + ": ";
                if (function.getDialect() != null && !function.getDialect().equals("java")) {
                    refuse(function, "functions are written in Java");
                }
                type(function, function.getReturnType());
                function.getParameterTypes().forEach(t -> type(function, t));
            }
            for (RuleDescr rule : pkg.getRules()) {
                rule(rule);
            }
        }

        private void importOf(ImportDescr imp) {
            String target = imp.getTarget();
            if (target.endsWith(".*")) {
                String pkgName = target.substring(0, target.length() - 2);
                boolean someAllowed = pkgName.equals("java.util") || pkgName.equals("java.util.function")
                        || pkgName.equals("java.time") || pkgName.startsWith("java.time.")
                        || names.resolve(pkgName).map(c -> policy.allowsClass(c.getName())).orElse(false)
                        || policy.allowsPackage(pkgName);
                if (!someAllowed) {
                    refuse(imp, "import " + target + ": nothing in " + pkgName + " is allowed in rules");
                }
                return;
            }
            if (names.ruleCodeClass(target) != null) {
                refuse(imp, "import " + target + ": " + RULE_CODE);
                return;
            }
            Optional<Class<?>> type = names.resolve(target);
            if (type.isPresent() && !policy.allowsClass(type.get().getName())) {
                refuse(imp, "import " + target + ": " + type.get().getName() + " is not allowed in rules");
            }
        }

        private void functionImport(FunctionImportDescr imp) {
            String target = imp.getTarget();
            int dot = target.lastIndexOf('.');
            Optional<Class<?>> type = dot < 0 ? Optional.empty() : names.resolve(target.substring(0, dot));
            if (type.isEmpty() || !policy.allowsMethod(type.get().getName().replace('.', '/'), target.substring(dot + 1), "")) {
                refuse(imp, "import function " + target + " is not allowed in rules");
            }
        }

        private void rule(RuleDescr rule) {
            where = (rule instanceof QueryDescr ? "query \"" : "rule \"") + rule.getName() + "\": ";
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                attribute(attribute);
            }
            annotations(rule);
            if (rule instanceof QueryDescr query && query.getParameterTypes() != null) {
                for (String type : query.getParameterTypes()) {
                    type(query, type);
                }
            }
            if (rule.getLhs() != null) {
                element(rule.getLhs(), rule);
            }
        }

        private void attribute(AttributeDescr attribute) {
            String name = attribute.getName();
            if (!ATTRIBUTES.contains(name)) {
                refuse(attribute, "the attribute " + name + " is not supported: a run evaluates its facts once");
            } else if (name.equals("dialect")) {
                if (!"java".equals(attribute.getValue())) {
                    refuse(attribute, "dialect \"" + attribute.getValue() + "\" is not allowed: consequences are written in Java");
                }
            } else if (name.equals("salience") || name.equals("enabled")) {
                expression(attribute, attribute.getValue());
            }
        }

        /** Metadata values are evaluated by MVEL while the rule compiles: only literals are accepted. */
        private void annotations(AnnotatedBaseDescr descr) {
            for (AnnotationDescr annotation : descr.getAnnotations()) {
                for (Map.Entry<String, Object> value : annotation.getValueMap().entrySet()) {
                    if (!(value.getValue() instanceof String text) || !isLiteral(text.trim())) {
                        refuse(annotation.getLine() > 0 ? annotation : descr, "@" + annotation.getName() + ": metadata values are quoted text or numbers, "
                                + "such as @severity(\"high\")");
                    }
                }
            }
        }

        /** A quoted string (with escapes, nothing after it), a number, {@code true} or {@code false}. */
        private static boolean isLiteral(String text) {
            if (text.equals("true") || text.equals("false") || NUMBER.matcher(text).matches()) {
                return true;
            }
            if (text.length() < 2 || (text.charAt(0) != '"' && text.charAt(0) != '\'')) {
                return false;
            }
            char quote = text.charAt(0);
            for (int i = 1; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    return i == text.length() - 1;
                } else if (c == '\n' || c == '\r') {
                    return false;
                }
            }
            return false;
        }

        private void element(BaseDescr descr, RuleDescr rule) {
            if (descr instanceof PatternDescr pattern) {
                pattern(pattern);
            } else if (descr instanceof EvalDescr eval) {
                expression(eval, String.valueOf(eval.getContent()));
            } else if (descr instanceof ConditionalBranchDescr branch) {
                if (branch.getCondition() != null) {
                    expression(branch, String.valueOf(branch.getCondition().getContent()));
                }
                if (branch.getElseBranch() != null) {
                    element(branch.getElseBranch(), rule);
                }
            } else if (descr instanceof NamedConsequenceDescr) {
                return;
            } else if (descr instanceof ForallDescr forall) {
                forall.getDescrs().forEach(d -> element(d, rule));
            } else if (descr instanceof ConditionalElementDescr ce) {
                ce.getDescrs().forEach(d -> element(d, rule));
            } else {
                refuse(descr.getLine() > 0 ? descr : rule, descr.getClass().getSimpleName() + " is not supported in rules");
            }
        }

        private void pattern(PatternDescr pattern) {
            annotations(pattern);
            if (!pattern.isQuery()) {
                type(pattern, pattern.getObjectType());
            }
            if (!pattern.getBehaviors().isEmpty()) {
                refuse(pattern, "sliding windows are not supported");
            }
            constraints(pattern, pattern.getConstraint().getDescrs());
            BaseDescr source = pattern.getSource();
            if (source == null || source instanceof EntryPointDescr) {
                return;
            }
            if (source instanceof FromDescr from) {
                expression(from.getLine() > 0 ? from : pattern, from.getExpression());
            } else if (source instanceof CollectDescr collect) {
                element(collect.getInputPattern(), null);
            } else if (source instanceof AccumulateDescr accumulate) {
                accumulate(pattern, accumulate);
            } else {
                refuse(pattern, source.getClass().getSimpleName() + " is not supported in rules");
            }
        }

        private void constraints(BaseDescr owner, List<? extends BaseDescr> constraints) {
            for (BaseDescr constraint : constraints) {
                if (constraint instanceof ExprConstraintDescr expr) {
                    expression(expr.getLine() > 0 ? expr : owner, expr.getExpression());
                } else if (constraint instanceof BindingDescr binding) {
                    expression(binding.getLine() > 0 ? binding : owner, binding.getExpression());
                } else if (constraint instanceof ConditionalElementDescr ce) {
                    constraints(owner, ce.getDescrs());
                } else {
                    refuse(owner, constraint.getClass().getSimpleName() + " is not supported in a pattern");
                }
            }
        }

        private void accumulate(PatternDescr pattern, AccumulateDescr accumulate) {
            if (accumulate.getInput() != null) {
                element(accumulate.getInput(), null);
            }
            if (accumulate instanceof GroupByDescr groupBy) {
                expression(pattern, groupBy.getGroupingKey());
            }
            for (AccumulateDescr.AccumulateFunctionCallDescr function : accumulate.getFunctions()) {
                if (!ACCUMULATE_FUNCTIONS.contains(function.getFunction())) {
                    refuse(pattern, "accumulate function " + function.getFunction() + " is not one of " + ACCUMULATE_FUNCTIONS);
                }
                for (String param : function.getParams()) {
                    expression(pattern, param);
                }
            }
            // inline init/action/reverse/result code is Java: its bytecode is checked after the compile
        }

        private void type(BaseDescr descr, String typeName) {
            if (typeName == null || typeName.isBlank()) {
                refuse(descr, "a pattern names a fact type");
                return;
            }
            String name = typeName.replaceAll("<.*>", "").replace("[]", "").replace("...", "").trim();
            if (Set.of("void", "boolean", "byte", "short", "int", "long", "float", "double", "char").contains(name)) {
                return;
            }
            if (names.ruleCodeClass(name) != null) {
                refuse(descr, name + ": " + RULE_CODE);
                return;
            }
            // an unknown type is the compiler's to report; it cannot reach anything
            Optional<Class<?>> type = names.resolve(name);
            if (type.isPresent() && !policy.allowsClass(type.get().getName())) {
                refuse(descr, type.get().getName() + " is not allowed in rules");
            }
        }

        private boolean resolves(String name, String className) {
            return names != null && names.resolve(name).map(c -> c.getName().equals(className)).orElse(false);
        }

        private void expression(BaseDescr descr, String text) {
            String refused = expressions.check(text);
            if (refused != null) {
                refuse(descr, refused);
            }
        }

        private void refuse(BaseDescr descr, String reason) {
            int line = descr == null ? -1 : descr.getLine();
            problems.add(new RuleProblem(source.file().name(), line > 0 ? line : null, null, where + reason));
        }
    }
}
