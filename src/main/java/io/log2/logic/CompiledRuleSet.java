package io.log2.logic;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;

/**
 * The outcome of a successful compile: the knowledge base and, for every rule in it, where it comes from.
 * {@code usesFindings} tells whether the rules declare the {@code findings} global.
 * The rule map is keyed by identity of the engine's rule objects, so looking up a fired rule costs no hashing of names.
 */
public record CompiledRuleSet(String agent, String contentHash, List<RuleFile> files, KieBase kieBase,
                              Map<Rule, RuleInfo> rules, boolean usesFindings) {

    public CompiledRuleSet {
        files = List.copyOf(files);
        rules = Collections.unmodifiableMap(rules);
    }

    /** The compiled content of one file (a table with the rule ids filled in), or null. */
    public RuleFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }

    public RuleInfo info(Rule rule) {
        RuleInfo info = rules.get(rule);
        return info != null ? info : new RuleInfo(rule.getName(), rule.getPackageName(), null, null);
    }
}
