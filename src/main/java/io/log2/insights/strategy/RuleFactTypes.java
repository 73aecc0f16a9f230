package io.log2.insights.strategy;

import java.util.LinkedHashSet;
import java.util.Set;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.kie.api.definition.rule.Rule;

/**
 * The fact types a compiled rule matches: the classes of its patterns that read the session's facts (a pattern over
 * {@code from}, {@code accumulate} or {@code collect} reads something else and is left out, its inner patterns are not).
 */
final class RuleFactTypes {

    private RuleFactTypes() {
    }

    static Set<Class<?>> of(Rule rule) {
        Set<Class<?>> types = new LinkedHashSet<>();
        if (rule instanceof RuleImpl impl && impl.getLhs() != null) {
            collect(impl.getLhs(), types);
        }
        return types;
    }

    private static void collect(RuleConditionElement element, Set<Class<?>> types) {
        if (element instanceof Pattern p && p.getSource() == null && p.getObjectType() instanceof ClassObjectType c) {
            types.add(c.getClassType());
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            collect(nested, types);
        }
    }
}
