package io.log2.logic;

import java.util.Map;

/**
 * An agent made through the API from a plug-in agent (its template): it reads the template's fact types and says what
 * they report on as the template does, under its own name, with its own rules, versions and logs.
 */
public record TemplatedAgent(String name, Agent template) implements Agent {

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return template.factTypes();
    }

    @Override
    public FactSubject subjectOf(Object fact) {
        return template.subjectOf(fact);
    }

    @Override
    public boolean declaresFactTypes() {
        return template.declaresFactTypes();
    }
}
