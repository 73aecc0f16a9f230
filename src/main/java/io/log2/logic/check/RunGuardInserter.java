package io.log2.logic.check;

import io.log2.logic.RunGuard;
import io.log2.logic.StoppableRegex;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Makes compiled rule code stoppable: a call to {@link RunGuard#check()} goes in at the start of every method and
 * before every jump backwards (the end of each loop turn), so a consequence spinning in {@code while (true) {}} or
 * recursing without end throws once its run must stop. The call takes and leaves nothing on the operand stack, so
 * the stack map frames stay valid. Calls to {@code String}'s regular-expression methods (and references to them) are
 * pointed at {@link StoppableRegex}, whose matching checks the guard too: a pattern that backtracks without end would
 * otherwise keep the run's thread inside the JDK.
 */
final class RunGuardInserter {

    private static final String OWNER = RunGuard.class.getName().replace('.', '/');
    private static final String REGEX = StoppableRegex.class.getName().replace('.', '/');
    private static final Set<String> REGEX_METHODS = Set.of(
            "matches(Ljava/lang/String;)Z", "replaceAll(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            "replaceFirst(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;",
            "split(Ljava/lang/String;)[Ljava/lang/String;", "split(Ljava/lang/String;I)[Ljava/lang/String;");

    private RunGuardInserter() {
    }

    static void insert(ClassNode node) {
        for (MethodNode method : node.methods) {
            if (method.instructions.size() == 0) {
                continue;
            }
            insert(method);
        }
    }

    private static void insert(MethodNode method) {
        InsnList code = method.instructions;
        java.util.Map<LabelNode, Integer> positions = new java.util.HashMap<>();
        int index = 0;
        for (AbstractInsnNode insn : code) {
            if (insn instanceof LabelNode label) {
                positions.put(label, index);
            }
            index++;
        }
        index = 0;
        for (AbstractInsnNode insn : code.toArray()) {
            if (jumpsBack(insn, index, positions)) {
                code.insertBefore(insn, check());
            }
            if (insn instanceof MethodInsnNode call && isRegex(call.owner, call.name, call.desc)) {
                code.set(call, new MethodInsnNode(Opcodes.INVOKESTATIC, REGEX, call.name, staticDesc(call.desc), false));
            } else if (insn instanceof InvokeDynamicInsnNode indy) {
                for (int i = 0; i < indy.bsmArgs.length; i++) {
                    if (indy.bsmArgs[i] instanceof Handle h && h.getTag() == Opcodes.H_INVOKEVIRTUAL
                            && isRegex(h.getOwner(), h.getName(), h.getDesc())) {
                        indy.bsmArgs[i] = new Handle(Opcodes.H_INVOKESTATIC, REGEX, h.getName(), staticDesc(h.getDesc()), false);
                    }
                }
            }
            index++;
        }
        if (!method.name.equals("<init>")) {
            code.insert(check());
        }
    }

    private static boolean jumpsBack(AbstractInsnNode insn, int index, java.util.Map<LabelNode, Integer> positions) {
        if (insn instanceof JumpInsnNode jump) {
            return positions.get(jump.label) <= index;
        }
        if (insn instanceof TableSwitchInsnNode table) {
            return positions.get(table.dflt) <= index || table.labels.stream().anyMatch(l -> positions.get(l) <= index);
        }
        if (insn instanceof LookupSwitchInsnNode lookup) {
            return positions.get(lookup.dflt) <= index || lookup.labels.stream().anyMatch(l -> positions.get(l) <= index);
        }
        return false;
    }

    private static boolean isRegex(String owner, String name, String desc) {
        return owner.equals("java/lang/String") && REGEX_METHODS.contains(name + desc);
    }

    /** An instance method's descriptor as a static method's taking the receiver first. */
    private static String staticDesc(String desc) {
        return "(Ljava/lang/String;" + desc.substring(1);
    }

    private static MethodInsnNode check() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
    }
}
