package io.log2.logic;

import java.util.Locale;
import org.drools.decisiontable.parser.ActionType;

/** What a decision-table column is by its header (the row below the RuleTable cell), read as Drools reads it. */
public final class ColumnKinds {

    private ColumnKinds() {
    }

    /**
     * The whole header if it is one of Drools' names or short codes, else its first letter, so "N" and "Name" name
     * rules as "NAME" does and "Cond" is a condition; null for an empty header.
     */
    public static ActionType.Code of(String header) {
        if (header.isEmpty()) {
            return null;
        }
        String upper = header.toUpperCase(Locale.ROOT);
        ActionType.Code code = ActionType.getTag2code().get(upper);
        return code != null ? code : ActionType.getTag2code().get(upper.substring(0, 1));
    }
}
