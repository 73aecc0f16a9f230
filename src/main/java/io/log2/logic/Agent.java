package io.log2.logic;

import java.util.Map;

/**
 * An agent: a named rule set under {@code rules/<name>/} and the fact types its rules read.
 * Agents are CDI beans; the core finds them all and never names one.
 */
public interface Agent {

    /** The agent's name, also the name of its folder under the rules directory. */
    String name();

    /** The fact types a run may carry, keyed by the {@code type} given in run requests. */
    Map<String, Class<? extends Record>> factTypes();

    /**
     * What a fact reports on, so that a condition seen again updates its finding instead of raising a new one.
     * By default nothing is known: findings on such facts are told apart by rule and resource only, and stay
     * open until a complete run of their fact type no longer raises them.
     */
    default FactSubject subjectOf(Object fact) {
        return FactSubject.NONE;
    }

    /**
     * Whether the agent's rules declare their own fact types in DRL ({@code declare}) instead of using Java records:
     * then runs read facts of the types the active rule set declares, and only such an agent's rules may declare types.
     */
    default boolean declaresFactTypes() {
        return false;
    }
}
