package io.log2.logic.check;

import io.log2.logic.RuleProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.compiler.rule.builder.dialect.DialectUtil;
import org.drools.core.rule.JavaDialectRuntimeData;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.QueryDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.util.StringUtils;
import org.kie.api.builder.KieBuilder;
import org.kie.api.definition.KiePackage;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LineNumberNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The second line of the sandbox: after the engine has compiled a rule set, every class compiled from the rules'
 * own code (consequences, Java evals, functions, inline accumulate code, and the lambdas and inner classes in them)
 * is read instruction by instruction, and every class, method and field it refers to must be allowed by the
 * {@link RulePolicy}, however the source spelt it. The engine's own generated invoker classes, which call into the
 * rules, are not rule code. When every class passes, the rule code is rewritten with the {@link RunGuardInserter}
 * before the knowledge base loads it.
 */
public final class GeneratedCodeCheck {

    private static final String COMPILED_INVOKER = "org/drools/base/rule/accessor/CompiledInvoker";
    private static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory.metafactory", "java/lang/invoke/LambdaMetafactory.altMetafactory",
            "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory.makeConcat");
    private static final Set<String> TEMPLATE_INTERFACES = Set.of("java/io/Serializable", "java/io/Externalizable");

    private final RulePolicy policy;

    public GeneratedCodeCheck(RulePolicy policy) {
        this.policy = policy;
    }

    /** Where a class of rule code came from: its file, and the rule or function that holds the code. */
    private record Origin(RuleSource source, BaseDescr descr, String what) {
    }

    /** A class of rule code in the build, with the place it is stored. */
    private record RuleClass(JavaDialectRuntimeData store, String resource, ClassNode node) {
    }

    /**
     * Checks every class of rule code in a successful build and, when all pass, inserts the run guard into them.
     *
     * @return what is not allowed, each with the file and line of the rule or function; empty when the build may
     *         become a knowledge base
     */
    public List<RuleProblem> checkAndGuard(KieBuilder builder, List<RuleSource> sources) {
        Map<String, Origin> origins = origins(sources);
        List<RuleClass> classes = ruleClasses((InternalKieModule) builder.getKieModule(), origins.keySet());
        Set<String> own = new java.util.HashSet<>();
        classes.forEach(c -> own.add(c.node().name));
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleClass c : classes) {
            Origin origin = origins.get(outermost(c.node()));
            new ClassCheck(c.node(), own, origin, problems).run();
        }
        if (problems.isEmpty()) {
            for (RuleClass c : classes) {
                RunGuardInserter.insert(c.node());
                ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
                c.node().accept(writer);
                c.store().write(c.resource(), writer.toByteArray());
            }
        }
        return problems;
    }

    /** The classes compiled from rule code, in every package of every knowledge base of the build. */
    private static List<RuleClass> ruleClasses(InternalKieModule module, Set<String> ruleClassNames) {
        List<RuleClass> classes = new ArrayList<>();
        for (String kieBase : module.getKieModuleModel().getKieBaseModels().keySet()) {
            var packages = module.getKnowledgePackagesForKieBase(kieBase);
            if (packages == null) {
                continue;
            }
            for (KiePackage pkg : packages) {
                if (!(((InternalKnowledgePackage) pkg).getDialectRuntimeRegistry().getDialectData("java")
                        instanceof JavaDialectRuntimeData store)) {
                    continue;
                }
                for (Map.Entry<String, byte[]> entry : new LinkedHashMap<>(store.getStore()).entrySet()) {
                    ClassNode node = new ClassNode();
                    new ClassReader(entry.getValue()).accept(node, 0);
                    if (!isEngineInvoker(node, ruleClassNames)) {
                        classes.add(new RuleClass(store, entry.getKey(), node));
                    }
                }
            }
        }
        return classes;
    }

    /**
     * The engine generates one invoker class per consequence, eval and accumulate, named after the rule's class and
     * ending in {@code Invoker}; it implements the engine's {@code CompiledInvoker}, is a top-level class, and was
     * generated directly as bytecode (no source file) or compiled from a source file of its own name. Rule code
     * cannot write such a class: a class it declares is nested in the rule's or function's class, or, if a
     * consequence closes its method to declare one, compiled from the rule's own source file.
     */
    private static boolean isEngineInvoker(ClassNode node, Set<String> ruleClassNames) {
        String simpleName = node.name.substring(node.name.lastIndexOf('/') + 1);
        return node.interfaces.contains(COMPILED_INVOKER) && !isNested(node) && simpleName.endsWith("Invoker")
                && (node.sourceFile == null || node.sourceFile.equals(simpleName + ".java"))
                && ruleClassNames.stream().anyMatch(rule -> node.name.startsWith(rule) && !node.name.equals(rule));
    }

    private static boolean isNested(ClassNode node) {
        if (node.outerClass != null || node.nestHostClass != null) {
            return true;
        }
        for (InnerClassNode inner : node.innerClasses) {
            if (inner.name.equals(node.name)) {
                return true;
            }
        }
        return false;
    }

    /** The top-level class a class is nested in (itself when it is not nested). */
    private static String outermost(ClassNode node) {
        if (node.nestHostClass != null) {
            return node.nestHostClass;
        }
        for (InnerClassNode inner : node.innerClasses) {
            if (inner.name.equals(node.name) && inner.outerName != null) {
                return inner.outerName.contains("$") ? inner.outerName.substring(0, inner.outerName.indexOf('$')) : inner.outerName;
            }
        }
        return node.outerClass != null ? node.outerClass : node.name;
    }

    /** Names the engine gives the class of each rule ({@code Rule_<name><hash>}) and of each function. */
    private static Map<String, Origin> origins(List<RuleSource> sources) {
        Map<String, Origin> origins = new HashMap<>();
        for (RuleSource source : sources) {
            if (source.descr() == null) {
                continue;
            }
            String pkg = source.descr().getName();
            String prefix = pkg == null || pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/";
            for (RuleDescr rule : source.descr().getRules()) {
                if (rule.getConsequence() != null) {
                    String name = DialectUtil.getUniqueLegalName(pkg, rule.getName(), rule.getConsequence().hashCode(),
                            "java", "Rule", null);
                    String what = (rule instanceof QueryDescr ? "query \"" : "rule \"") + rule.getName() + "\"";
                    origins.put(prefix + StringUtils.ucFirst(name), new Origin(source, rule, what));
                }
            }
            for (FunctionDescr function : source.descr().getFunctions()) {
                origins.put(prefix + StringUtils.ucFirst(function.getName()),
                        new Origin(source, function, "function " + function.getName()));
            }
        }
        return origins;
    }

    /** The check of one class of rule code. */
    private final class ClassCheck {
        private final ClassNode node;
        private final Set<String> own;
        private final Origin origin;
        private final List<RuleProblem> problems;
        private final Set<String> reported = new java.util.HashSet<>();

        ClassCheck(ClassNode node, Set<String> own, Origin origin, List<RuleProblem> problems) {
            this.node = node;
            this.own = own;
            this.origin = origin;
            this.problems = problems;
        }

        void run() {
            if (node.superName != null && !node.superName.equals("java/lang/Object") && !allowedType(node.superName)) {
                refuse(null, -1, "a class extending " + dotted(node.superName) + " is not allowed in rules");
            }
            for (String itf : node.interfaces) {
                if (!TEMPLATE_INTERFACES.contains(itf) && !allowedType(itf)) {
                    refuse(null, -1, "a class implementing " + dotted(itf) + " is not allowed in rules");
                }
            }
            for (MethodNode method : node.methods) {
                method(method);
            }
        }

        private void method(MethodNode method) {
            if ((method.access & (Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_NATIVE)) != 0) {
                refuse(method, -1, "synchronized and native methods are not allowed in rules");
            }
            for (TryCatchBlockNode handler : method.tryCatchBlocks) {
                if (handler.type != null && !own.contains(handler.type) && !policy.allowsCatch(handler.type)) {
                    refuse(method, lineOf(method, handler.handler), "catching " + dotted(handler.type)
                            + " is not allowed in rules (catch Exception or a subclass)");
                }
            }
            int line = -1;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode n) {
                    line = n.line;
                }
                String refused = instruction(insn);
                if (refused != null) {
                    refuse(method, line, refused);
                }
            }
        }

        /** @return why an instruction is refused, or {@code null} */
        private String instruction(AbstractInsnNode insn) {
            if (insn instanceof MethodInsnNode m) {
                return method(m.owner, m.name, m.desc);
            }
            if (insn instanceof FieldInsnNode f) {
                return own.contains(f.owner) || policy.allowsType(f.owner) ? null
                        : dotted(f.owner) + "." + f.name + " is not allowed in rules";
            }
            if (insn instanceof TypeInsnNode t) {
                boolean allowed = t.getOpcode() == Opcodes.NEW ? allowedType(t.desc) : allowedPlumbing(t.desc);
                return allowed ? null : dotted(t.desc) + " is not allowed in rules";
            }
            if (insn instanceof MultiANewArrayInsnNode a) {
                return allowedType(a.desc) ? null : dotted(a.desc) + " is not allowed in rules";
            }
            if (insn instanceof LdcInsnNode ldc) {
                return constant(ldc.cst);
            }
            if (insn instanceof InvokeDynamicInsnNode indy) {
                return dynamic(indy);
            }
            if (insn.getOpcode() == Opcodes.MONITORENTER || insn.getOpcode() == Opcodes.MONITOREXIT) {
                return "synchronized blocks are not allowed in rules";
            }
            return null;
        }

        private String method(String owner, String name, String desc) {
            if (owner.startsWith("[")) {
                return name.equals("clone") && allowedType(owner) ? null : "arrays' " + name + " is not allowed in rules";
            }
            if (own.contains(owner)) {
                return name.equals("getClass") ? "getClass is not allowed in rules" : null;
            }
            return policy.allowsMethod(owner, name, desc) ? null : dotted(owner) + "." + name + " is not allowed in rules";
        }

        private String constant(Object cst) {
            if (cst instanceof Type type) {
                if (type.getSort() == Type.METHOD) {
                    return "method type constants are not allowed in rules";
                }
                return allowedType(type.getInternalName()) ? null : dotted(type.getInternalName()) + " is not allowed in rules";
            }
            if (cst instanceof Handle || cst instanceof ConstantDynamic) {
                return "method handles are not allowed in rules";
            }
            return null;
        }

        /** Lambdas and string concatenation compile to invokedynamic; nothing else may. */
        private String dynamic(InvokeDynamicInsnNode indy) {
            if (!BOOTSTRAPS.contains(indy.bsm.getOwner() + "." + indy.bsm.getName())) {
                return "invokedynamic through " + dotted(indy.bsm.getOwner()) + " is not allowed in rules";
            }
            Type produced = Type.getReturnType(indy.desc);
            if (produced.getSort() == Type.OBJECT && !allowedType(produced.getInternalName())) {
                return "a lambda implementing " + dotted(produced.getInternalName()) + " is not allowed in rules";
            }
            for (Object arg : indy.bsmArgs) {
                if (arg instanceof Handle h) {
                    String refused = method(h.getOwner(), h.getName(), h.getDesc());
                    if (refused != null) {
                        return refused;
                    }
                }
            }
            return null;
        }

        private boolean allowedType(String internalName) {
            String element = RulePolicy.elementType(internalName);
            return element == null || own.contains(element) || policy.allowsType(element);
        }

        private boolean allowedPlumbing(String internalName) {
            String element = RulePolicy.elementType(internalName);
            return element == null || own.contains(element) || policy.allowsPlumbingType(element);
        }

        /** The line of the code at a label: the line entry starting there, else the last one before it. */
        private int lineOf(MethodNode method, org.objectweb.asm.tree.LabelNode label) {
            int line = -1;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode n) {
                    if (n.start == label) {
                        return n.line;
                    }
                    line = n.line;
                }
            }
            return line;
        }

        private void refuse(MethodNode method, int javaLine, String reason) {
            String what = origin == null ? "generated code" : origin.what();
            if (!reported.add(reason)) {
                return;
            }
            Integer line = origin == null ? null : drlLine(method, javaLine);
            String file = origin == null ? null : origin.source().file().name();
            problems.add(new RuleProblem(file, line, null, what + ": " + reason));
        }

        /**
         * The DRL line of a place in a consequence: the consequence's text starts two generated lines after the
         * method's first line (which casts the context to {@code kcontext}). Elsewhere, the rule's or function's line.
         */
        private Integer drlLine(MethodNode method, int javaLine) {
            int line = origin.descr().getLine();
            if (method != null && javaLine > 0 && origin.descr() instanceof RuleDescr rule
                    && method.name.equals("defaultConsequence") && rule.getConsequence() instanceof String text) {
                int start = javaTextStart(method, text);
                int textLine = textLine(origin.source().drl(), rule.getConsequenceLine(), text);
                if (start > 0 && textLine > 0 && javaLine >= start) {
                    line = textLine + javaLine - start;
                }
            }
            return line > 0 ? line : null;
        }

        /** The DRL line where a consequence's text starts: the parser keeps it from its first non-blank character. */
        private static int textLine(String drl, int thenLine, String text) {
            if (thenLine < 1 || text.isEmpty()) {
                return -1;
            }
            int from = 0;
            for (int l = 1; l < thenLine && from >= 0; l++) {
                from = drl.indexOf('\n', from) + 1;
            }
            int at = from < 0 ? -1 : drl.indexOf(text, from);
            if (at < 0) {
                return -1;
            }
            return thenLine + (int) drl.substring(from, at).chars().filter(c -> c == '\n').count();
        }

        /**
         * The generated Java line where a consequence's text starts. The generated method casts its context to
         * {@code kcontext} and {@code drools} on the two lines before the text and closes on the line after it; the
         * compiler drops the casts of variables the text does not use, so whichever is there tells.
         */
        private static int javaTextStart(MethodNode method, String text) {
            int line = -1;
            int last = -1;
            for (AbstractInsnNode insn : method.instructions) {
                if (insn instanceof LineNumberNode n) {
                    line = n.line;
                } else if (insn instanceof TypeInsnNode t && t.getOpcode() == Opcodes.CHECKCAST && line > 0) {
                    if (t.desc.equals("org/kie/api/runtime/rule/RuleContext")) {
                        return line + 2;
                    }
                    if (t.desc.equals("org/drools/core/rule/consequence/KnowledgeHelper")) {
                        return line + 1;
                    }
                } else if (insn.getOpcode() == Opcodes.RETURN) {
                    last = line;
                }
            }
            long lines = text.chars().filter(c -> c == '\n').count();
            return last > 0 ? (int) (last - Math.max(lines, 1)) : -1;
        }
    }

    private static String dotted(String internalName) {
        String element = RulePolicy.elementType(internalName);
        return (element == null ? internalName : element).replace('/', '.');
    }
}
