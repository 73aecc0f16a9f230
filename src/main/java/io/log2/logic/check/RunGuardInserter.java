package io.log2.logic.check;

import io.log2.logic.RunGuard;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
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
 * the stack map frames stay valid.
 */
final class RunGuardInserter {

    private static final String OWNER = RunGuard.class.getName().replace('.', '/');

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

    private static MethodInsnNode check() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, OWNER, "check", "()V", false);
    }
}
