package io.log2.logic.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an expression the engine evaluates with MVEL: a pattern constraint, a {@code from} source, an accumulate
 * argument, a salience. The Java compiler never sees these, and MVEL calls whatever it finds by reflection, so each
 * is read token by token: every name that stands for a class (through an import, the package, {@code java.lang},
 * MVEL's own table of class names or a fully-qualified spelling) must be an allowed type, every member named after
 * a dot must be a member of an allowed type ({@code class}, {@code getClass} never are), and the statement forms of
 * MVEL (blocks, loops, assignments, {@code def}, {@code import}) are refused: a condition is an expression.
 */
final class ExpressionCheck {

    private static final Set<String> STATEMENT_WORDS = Set.of(
            "import", "import_static", "def", "function", "while", "for", "foreach", "do", "until", "if", "else",
            "return", "with", "assert", "var", "proto", "switch", "case", "macro", "throw", "try", "catch",
            "synchronized");
    private static final Set<String> ASSIGNMENTS = Set.of(
            "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=", "++", "--");
    private static final List<String> OPERATORS = List.of(
            ">>>=", "<<=", ">>=", ">>>", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=",
            "&=", "|=", "^=", "<<", ">>", ":=", "~=", "?.", "!.", "(", ")", "[", "]", ",", ".", "?", ":", "!", "<",
            ">", "=", "+", "-", "*", "/", "%", "&", "|", "^", "~");

    private enum Kind { NAME, LITERAL, OPERATOR, DOT }

    private record Token(Kind kind, String text) {
    }

    private final RulePolicy policy;
    private final TypeNames names;

    ExpressionCheck(RulePolicy policy, TypeNames names) {
        this.policy = policy;
        this.names = names;
    }

    /** @return why the expression is refused, or {@code null} */
    String check(String expression) {
        if (expression == null) {
            return null;
        }
        List<Token> tokens = new ArrayList<>();
        String refused = lex(expression, tokens);
        if (refused != null) {
            return refused;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind == Kind.OPERATOR && ASSIGNMENTS.contains(t.text)) {
                return "'" + t.text + "' changes a value; an expression in a rule's condition may only read";
            }
            if (t.kind != Kind.NAME) {
                continue;
            }
            boolean member = i > 0 && tokens.get(i - 1).kind == Kind.DOT;
            if (member) {
                if (!policy.allowsMemberName(t.text)) {
                    return "'" + t.text + "' is not allowed in rules: not a member of a fact or of an allowed value type";
                }
                continue;
            }
            if (STATEMENT_WORDS.contains(t.text)) {
                return "'" + t.text + "' is a statement; a rule's condition is an expression";
            }
            if (t.text.equals("class") || t.text.equals("getClass")) {
                return "'" + t.text + "' is not allowed in rules";
            }
            List<String> chain = new ArrayList<>();
            chain.add(t.text);
            for (int j = i + 1; j + 1 < tokens.size() && tokens.get(j).kind == Kind.DOT
                    && tokens.get(j + 1).kind == Kind.NAME; j += 2) {
                chain.add(tokens.get(j + 1).text);
            }
            boolean functionCall = chain.size() == 1 && i + 1 < tokens.size() && tokens.get(i + 1).text.equals("(")
                    && !(i > 0 && tokens.get(i - 1).text.equals("new"));
            String ruleCode = functionCall ? null : names.ruleCodeClass(chain);
            if (ruleCode != null) {
                return String.join(".", chain) + " " + SourceCheck.RULE_CODE;
            }
            Optional<TypeNames.Resolved> type = names.resolve(chain);
            if (type.isPresent() && !policy.allowsClass(type.get().type().getName())) {
                return String.join(".", chain.subList(0, type.get().parts())) + " (" + type.get().type().getName()
                        + ") is not allowed in rules";
            }
            if (type.isPresent()) {
                // the parts that name the class are not members
                i += 2 * (type.get().parts() - 1);
            }
        }
        return null;
    }

    /** Splits an expression into tokens; refuses characters that only statements, templates or escapes use. */
    private static String lex(String s, List<Token> tokens) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= n) {
                    return "a string in an expression is not closed";
                }
                tokens.add(new Token(Kind.LITERAL, s.substring(i, j + 1)));
                i = j + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1))
                    && (tokens.isEmpty() || tokens.get(tokens.size() - 1).kind == Kind.OPERATOR))) {
                int j = i + 1;
                while (j < n && (isNameChar(s.charAt(j)) || s.charAt(j) == '.'
                        || ((s.charAt(j) == '-' || s.charAt(j) == '+') && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
                    j++;
                }
                tokens.add(new Token(Kind.LITERAL, s.substring(i, j)));
                i = j;
            } else if (isNameStart(c)) {
                int j = i + 1;
                while (j < n && isNameChar(s.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Kind.NAME, s.substring(i, j)));
                i = j;
            } else {
                String op = null;
                for (String candidate : OPERATORS) {
                    if (s.startsWith(candidate, i)) {
                        op = candidate;
                        break;
                    }
                }
                if (op == null) {
                    return "'" + c + "' is not allowed in a rule's expressions";
                }
                if (op.equals(".") || op.equals("?.") || op.equals("!.")) {
                    tokens.add(new Token(Kind.DOT, op));
                    i += op.length();
                    if (i < n && s.charAt(i) == '?') {
                        i++; // MVEL's null-safe member: a.?b
                    }
                } else {
                    tokens.add(new Token(Kind.OPERATOR, op));
                    i += op.length();
                }
            }
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
