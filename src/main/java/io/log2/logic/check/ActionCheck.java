package io.log2.logic.check;

import io.log2.logic.RuleProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Checks that each {@code findings.act(kcontext, fact, "name")} in a rule's consequence names a known action, so a
 * misspelt name is refused with its file and line when the rule file is compiled. Only a quoted name can be checked
 * here; a name the consequence builds at run time is checked when the run raises the action.
 */
public final class ActionCheck {

    private final Set<String> known;

    /** @param known the names of the actions there are */
    public ActionCheck(Set<String> known) {
        this.known = new TreeSet<>(known);
    }

    /** @return each unknown action named in the file, with its line; rows are left to the caller */
    public List<RuleProblem> check(RuleSource source) {
        List<RuleProblem> problems = new ArrayList<>();
        if (source.descr() == null) {
            return problems;
        }
        String drl = source.drl();
        for (RuleDescr rule : source.descr().getRules()) {
            List<Object> consequences = new ArrayList<>();
            consequences.add(rule.getConsequence());
            consequences.addAll(rule.getNamedConsequences().values());
            for (Object consequence : consequences) {
                if (!(consequence instanceof String code) || code.isBlank()) {
                    continue;
                }
                int at = start(drl, code, rule);
                for (ActCall call : ActCalls.in(code)) {
                    if (call.name() != null && !known.contains(call.name())) {
                        Integer line = at < 0 ? null : lineOf(drl, at + call.offset());
                        problems.add(new RuleProblem(source.file().name(), line, null, "rule \"" + rule.getName()
                                + "\": findings.act names the action \"" + call.name() + "\", which is not one of "
                                + String.join(", ", known)));
                    }
                }
            }
        }
        return problems;
    }

    /** Where the consequence's code starts in the file's DRL, or -1. */
    private static int start(String drl, String code, RuleDescr rule) {
        int offset = rule.getConsequenceOffset();
        if (offset >= 0 && drl.startsWith(code, offset)) {
            return offset;
        }
        return drl.indexOf(code, Math.max(0, rule.getStartCharacter()));
    }

    private static int lineOf(String drl, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < drl.length(); i++) {
            if (drl.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A call {@code findings.act(…)} at an offset in the code; {@code name} is its quoted action, or null. */
    record ActCall(int offset, String name) {
    }

    /** Finds the calls in Java code, skipping comments and the insides of strings. */
    static final class ActCalls {

        private final String code;
        private int i;

        private ActCalls(String code) {
            this.code = code;
        }

        static List<ActCall> in(String code) {
            return new ActCalls(code).scan();
        }

        private List<ActCall> scan() {
            List<ActCall> calls = new ArrayList<>();
            char previous = ' ';
            while (i < code.length()) {
                char c = code.charAt(i);
                if (skipNonCode()) {
                    previous = ' ';
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    String word = identifier();
                    if (word.equals("findings") && previous != '.') {
                        List<String> args = actArguments();
                        if (args != null) {
                            calls.add(new ActCall(start, args.size() == 3 ? literal(args.get(2)) : null));
                        }
                    }
                    previous = 'a';
                } else {
                    if (!Character.isWhitespace(c)) {
                        previous = c;
                    }
                    i++;
                }
            }
            return calls;
        }

        /** Steps over a comment, string, text block or char literal at {@code i}; whether there was one. */
        private boolean skipNonCode() {
            if (code.startsWith("//", i)) {
                int end = code.indexOf('\n', i);
                i = end < 0 ? code.length() : end;
                return true;
            }
            if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 2;
                return true;
            }
            if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                i = end < 0 ? code.length() : end + 3;
                return true;
            }
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i++;
                while (i < code.length() && code.charAt(i) != c && code.charAt(i) != '\n') {
                    i += code.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(i + 1, code.length());
                return true;
            }
            return false;
        }

        private String identifier() {
            int start = i;
            while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
                i++;
            }
            return code.substring(start, i);
        }

        private void whitespace() {
            while (i < code.length() && (Character.isWhitespace(code.charAt(i)) || code.startsWith("//", i)
                    || code.startsWith("/*", i))) {
                if (!skipNonCode()) {
                    i++;
                }
            }
        }

        /** After {@code findings}: the arguments of {@code .act(…)}, as written, or null when it is not that call. */
        private List<String> actArguments() {
            int back = i;
            whitespace();
            if (i >= code.length() || code.charAt(i) != '.') {
                i = back;
                return null;
            }
            i++;
            whitespace();
            if (!identifier().equals("act")) {
                i = back;
                return null;
            }
            whitespace();
            if (i >= code.length() || code.charAt(i) != '(') {
                i = back;
                return null;
            }
            i++;
            List<String> args = new ArrayList<>();
            int depth = 0;
            int argStart = i;
            while (i < code.length()) {
                char c = code.charAt(i);
                if (skipNonCode()) {
                    continue;
                }
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    if (depth == 0) {
                        args.add(code.substring(argStart, i).trim());
                        i++;
                        return args;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    args.add(code.substring(argStart, i).trim());
                    argStart = i + 1;
                }
                i++;
            }
            return args;
        }

        /** The text of a lone string literal, or null for any other expression. */
        private static String literal(String arg) {
            if (arg.length() < 2 || arg.charAt(0) != '"' || arg.charAt(arg.length() - 1) != '"' || arg.startsWith("\"\"\"")) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            for (int k = 1; k < arg.length() - 1; k++) {
                char c = arg.charAt(k);
                if (c == '"') {
                    return null; // two literals joined, as "stop-" + "instance"
                }
                if (c == '\\' && k + 1 < arg.length() - 1) {
                    c = arg.charAt(++k);
                    c = switch (c) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        default -> c;
                    };
                }
                text.append(c);
            }
            return text.toString();
        }
    }
}
