package io.log2.logic;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.drools.base.factmodel.GeneratedFact;

/**
 * Reads a fact's fields by name, with accessors looked up once per type. A fact is a record (an agent's Java fact
 * type) or an instance of a type declared in DRL ({@code declare}), whose fields are read through the getters the
 * engine generates for them.
 */
public final class FactFields {

    private static final ClassValue<Map<String, Method>> ACCESSORS = new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
            Map<String, Method> accessors = new LinkedHashMap<>();
            if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    Method m = c.getAccessor();
                    m.setAccessible(true);
                    accessors.put(c.getName(), m);
                }
            } else if (GeneratedFact.class.isAssignableFrom(type)) {
                declaredGetters(type, accessors);
            }
            return Collections.unmodifiableMap(accessors);
        }
    };

    /** The getters of a declared type's fields, the super type's first, in declaration order. */
    private static void declaredGetters(Class<?> type, Map<String, Method> accessors) {
        if (type.getSuperclass() != null && GeneratedFact.class.isAssignableFrom(type.getSuperclass())) {
            declaredGetters(type.getSuperclass(), accessors);
        }
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String suffix = Character.toUpperCase(f.getName().charAt(0)) + f.getName().substring(1);
            for (String getter : new String[] {"get" + suffix, "is" + suffix}) {
                try {
                    Method m = type.getMethod(getter);
                    if (m.getReturnType() == f.getType()) {
                        accessors.put(f.getName(), m);
                        break;
                    }
                } catch (NoSuchMethodException ignored) {
                    // not this spelling
                }
            }
        }
    }

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

    /** Whether an object is a fact: a record or an instance of a type declared in DRL. */
    public static boolean isFact(Object o) {
        return o instanceof Record || o instanceof GeneratedFact;
    }

    /** The names of a fact's fields, in declaration order. */
    public static java.util.Set<String> names(Object fact) {
        return fact == null ? java.util.Set.of() : ACCESSORS.get(fact.getClass()).keySet();
    }

    /**
     * The fact's numeric fields by name, in declaration order (nulls left out): what a learner may read from a fact of
     * any type, a record or a declared one.
     */
    public static Map<String, Double> numbers(Object fact) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (String name : names(fact)) {
            if (get(fact, name) instanceof Number n) {
                numbers.put(name, n.doubleValue());
            }
        }
        return numbers;
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
