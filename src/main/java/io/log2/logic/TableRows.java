package io.log2.logic;

import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Maps a line of the DRL that Drools generates from a decision table back to the sheet row it came from,
 * so an error in a table names the row a person edits rather than a line they never see.
 */
final class TableRows {

    private static final Pattern ROW_COMMENT = Pattern.compile("^// rule values at [A-Z]+(\\d+)");

    private TableRows() {
    }

    static Integer rowAtLine(RuleFile file, int line) {
        if (file == null || !file.isDecisionTable()) {
            return null;
        }
        try {
            InputType type = file.name().toLowerCase(Locale.ROOT).endsWith(".csv") ? InputType.CSV : InputType.XLS;
            String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(file.content()), type);
            String[] lines = drl.split("\n", -1);
            for (int i = Math.min(line, lines.length) - 1; i >= 0; i--) {
                Matcher m = ROW_COMMENT.matcher(lines[i].trim());
                if (m.find()) {
                    return Integer.valueOf(m.group(1));
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }
}
