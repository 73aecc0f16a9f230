package io.log2.logic.check;

import io.log2.logic.RuleFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.DrlParser;

/**
 * One rule file as the engine will read it: the DRL (written by hand, or generated from a decision table the way
 * Drools generates it) parsed into descriptors, so that its rules can be checked before the engine compiles or
 * evaluates any part of them.
 *
 * @param descr {@code null} when the DRL does not parse; the engine then refuses the file with its own errors
 *              and builds nothing of it
 */
public record RuleSource(RuleFile file, String drl, PackageDescr descr) {

    /** Reads a file; a decision table that cannot be turned into DRL throws, as it does in the engine. */
    public static RuleSource read(RuleFile file) {
        String drl = file.isDecisionTable() ? tableDrl(file) : new String(file.content(), StandardCharsets.UTF_8);
        DrlParser parser = new DrlParser();
        PackageDescr descr;
        try {
            descr = parser.parse(false, drl);
        } catch (DroolsParserException e) {
            descr = null;
        }
        return new RuleSource(file, drl, parser.hasErrors() ? null : descr);
    }

    private static String tableDrl(RuleFile file) {
        InputType type = file.name().toLowerCase(Locale.ROOT).endsWith(".csv") ? InputType.CSV : InputType.XLS;
        return new SpreadsheetCompiler().compile(new ByteArrayInputStream(file.content()), type);
    }
}
