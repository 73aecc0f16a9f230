package io.log2.logic;

import java.util.Set;

/**
 * The actions a rule may name in {@code findings.act(kcontext, fact, "name")}: a rule file naming any other is refused
 * when it is compiled, instead of failing each run that raises it. A bean where the actions live supplies the names;
 * without one (a compile outside the service) names are not checked.
 */
public interface ActionNames {

    /** The names rules may ask for, as {@code stop-instance}. */
    Set<String> known();
}
