package io.log2.intelligence;

import io.log2.logic.Agent;
import io.log2.logic.CompiledRuleSet;
import io.log2.logic.DeclaredFactReader;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The numeric fields of an agent's fact types by type name: those of its Java records and those of the types its
 * rules declare in DRL ({@code declare}), read from the compiled knowledge base. What a learner may read a measured
 * value from, whichever way the agent brings its facts.
 */
public final class NumericFields {

    private final Map<String, Set<String>> byType;

    private NumericFields(Map<String, Set<String>> byType) {
        this.byType = byType;
    }

    public static NumericFields of(Agent agent, CompiledRuleSet compiled) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        agent.factTypes().forEach((name, type) -> {
            Set<String> fields = new LinkedHashSet<>();
            for (RecordComponent c : type.getRecordComponents()) {
                if (numeric(c.getType())) {
                    fields.add(c.getName());
                }
            }
            out.put(name, fields);
        });
        DeclaredFactReader.types(compiled.kieBase()).forEach((name, type) -> {
            Set<String> fields = new LinkedHashSet<>();
            type.getFields().forEach(f -> {
                if (numeric(f.getType())) {
                    fields.add(f.getName());
                }
            });
            out.put(name, fields);
        });
        return new NumericFields(out);
    }

    /** Whether {@code field} is a numeric field of the type named (simply or fully). */
    public boolean has(String type, String field) {
        Set<String> fields = byType.get(type);
        if (fields == null && type != null && type.contains(".")) {
            fields = byType.get(type.substring(type.lastIndexOf('.') + 1));
        }
        return fields != null && fields.contains(field);
    }

    private static boolean numeric(Class<?> type) {
        return type == double.class || type == float.class || type == long.class || type == int.class
                || type == short.class || type == byte.class || Number.class.isAssignableFrom(type);
    }
}
