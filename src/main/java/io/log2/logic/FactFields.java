package io.log2.logic;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/** Reads a fact's fields by name; facts are records, and their accessors are looked up once per type. */
public final class FactFields {

    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> accessors = new HashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    Method m = c.getAccessor();
                    m.setAccessible(true);
                    accessors.put(c.getName(), m);
                }
            }
            return Map.copyOf(accessors);
        }
    };

    private FactFields() {
    }

    /** The value of the named field, or null when the fact has no such field. */
    public static Object get(Object fact, String name) {
        if (fact == null) {
            return null;
        }
        Method m = ACCESSORS.get(fact.getClass()).get(name);
        if (m == null) {
            return null;
        }
        try {
            return m.invoke(fact);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** Whether the fact has a field of that name. */
    public static boolean has(Object fact, String name) {
        return fact != null && ACCESSORS.get(fact.getClass()).containsKey(name);
    }

    /** The resource a fact is about: its {@code resource} field, else its service, else its account. */
    public static String resourceOf(Object fact) {
        for (String name : new String[] {"resource", "service", "account"}) {
            Object value = get(fact, name);
            if (value != null) {
                return value.toString();
            }
        }
        return null;
    }
}
