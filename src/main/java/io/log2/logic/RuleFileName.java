package io.log2.logic;

import java.util.regex.Pattern;

/**
 * The names an uploaded rule file may have: plain ASCII names that every file system, an HTTP header and the
 * database column take as they are. Anything else (control characters, separators, very long names) is refused
 * before the upload touches the folder, the versions or the active rule set.
 */
public final class RuleFileName {

    public static final int MAX_LENGTH = 120;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    private RuleFileName() {
    }

    /** Refuses a name that is not a plain rule file name, with a 400 naming the parameter. */
    public static void checkUpload(String name) {
        if (name == null || !NAME.matcher(name).matches() || !RuleFile.isRuleFileName(name)) {
            throw new InvalidRequestException("'" + shown(name) + "' is not a rule file name: use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit and ending in .drl, .drl.xlsx,"
                    + " .drl.xls or .drl.csv", "name");
        }
    }

    /** The name as it can be shown back: control characters escaped, long names cut. */
    private static String shown(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(60).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return name.codePointCount(0, name.length()) > 60 ? out + "…" : out.toString();
    }
}
