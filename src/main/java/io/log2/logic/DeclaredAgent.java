package io.log2.logic;

import java.util.Map;

/**
 * An agent made through the API whose fact types are declared in its own DRL ({@code declare}): it brings no Java,
 * so its facts are whatever its active rule set declares.
 */
public record DeclaredAgent(String name) implements Agent {

    @Override
    public Map<String, Class<? extends Record>> factTypes() {
        return Map.of();
    }

    @Override
    public boolean declaresFactTypes() {
        return true;
    }
}
