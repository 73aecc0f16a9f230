package io.log2.logic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

/**
 * Turns the JSON facts of a run into instances of the fact types a rule set declares in DRL, read from its compiled
 * knowledge base. As strict as {@link FactReader}: an unknown type or field, or a value of the wrong kind is refused
 * with the fact's position and the field; a field left out keeps its type's default (null, 0 or false).
 */
public final class DeclaredFactReader {

    private DeclaredFactReader() {
    }

    /** The declared fact types of a knowledge base by simple name (by full name too when two share a simple name). */
    public static Map<String, FactType> types(KieBase kieBase) {
        Map<String, FactType> bySimpleName = new LinkedHashMap<>();
        Map<String, FactType> all = new LinkedHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (FactType type : pkg.getFactTypes()) {
                all.put(type.getName(), type);
                if (bySimpleName.putIfAbsent(type.getSimpleName(), type) != null) {
                    bySimpleName.put(type.getSimpleName(), null);
                }
            }
        }
        Map<String, FactType> types = new LinkedHashMap<>();
        bySimpleName.forEach((name, type) -> {
            if (type != null) {
                types.put(name, type);
            }
        });
        all.forEach((name, type) -> {
            if (!types.containsValue(type)) {
                types.put(name, type);
            }
        });
        return types;
    }

    /** Each declared type's fields with their Java type's simple name ({@code double}, {@code String}). */
    public static Map<String, Map<String, String>> describe(KieBase kieBase) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        types(kieBase).forEach((name, type) -> {
            Map<String, String> fields = new LinkedHashMap<>();
            type.getFields().forEach(f -> fields.put(f.getName(), f.getType().getSimpleName()));
            out.put(name, fields);
        });
        return out;
    }

    public static List<Object> read(String agent, KieBase kieBase, List<JsonNode> nodes) {
        Map<String, FactType> types = types(kieBase);
        List<Object> facts = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            facts.add(read(agent, types, i, nodes.get(i)));
        }
        return facts;
    }

    private static Object read(String agent, Map<String, FactType> types, int i, JsonNode node) {
        String where = "/facts/" + i;
        if (!(node instanceof ObjectNode object)) {
            throw new InvalidRequestException("fact " + i + " is not a JSON object", where);
        }
        JsonNode typeNode = object.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidRequestException("fact " + i + " has no \"type\"; one of " + new TreeSet<>(types.keySet()),
                    where + "/type");
        }
        FactType type = types.get(typeNode.asText());
        if (type == null) {
            throw new InvalidRequestException("fact " + i + " has unknown type '" + typeNode.asText() + "' for agent '"
                    + agent + "'; one of " + new TreeSet<>(types.keySet()), where + "/type");
        }
        Object fact;
        try {
            fact = type.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a fact of the declared type " + type.getName(), e);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            String name = entry.getKey();
            if (name.equals("type")) {
                continue;
            }
            FactField field = type.getField(name);
            if (field == null) {
                throw new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + ") has unknown field '" + name
                        + "'; its fields are " + type.getFields().stream().map(FactField::getName).toList(), where + "/" + name);
            }
            type.set(fact, name, value(i, type, field, entry.getValue(), where + "/" + name));
        }
        return fact;
    }

    /** The JSON value as the field's type, or a refusal naming the field and what it holds. */
    private static Object value(int i, FactType type, FactField field, JsonNode value, String where) {
        Class<?> t = field.getType();
        String name = field.getName();
        if (value.isNull()) {
            if (t.isPrimitive()) {
                throw refused(i, type, name, "must be a " + t.getSimpleName() + ", not null", where);
            }
            return null;
        }
        if (t == String.class) {
            if (!value.isTextual()) {
                throw refused(i, type, name, "must be text (String), not " + shown(value), where);
            }
            if (!FactReader.storable(value.textValue())) {
                throw refused(i, type, name, "holds a character that cannot be stored (NUL or an unpaired surrogate)", where);
            }
            return value.textValue();
        }
        if (t == boolean.class || t == Boolean.class) {
            if (!value.isBoolean()) {
                throw refused(i, type, name, "must be true or false, not " + shown(value), where);
            }
            return value.booleanValue();
        }
        if (t == int.class || t == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw refused(i, type, name, "must be a whole number (int), not " + shown(value), where);
            }
            return value.intValue();
        }
        if (t == long.class || t == Long.class) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw refused(i, type, name, "must be a whole number (long), not " + shown(value), where);
            }
            return value.longValue();
        }
        if (t == double.class || t == Double.class) {
            if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
                throw refused(i, type, name, "must be a finite number (double), not " + shown(value), where);
            }
            return value.doubleValue();
        }
        throw refused(i, type, name, "has a type (" + t.getSimpleName() + ") runs cannot fill", where);
    }

    private static InvalidRequestException refused(int i, FactType type, String field, String why, String where) {
        return new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + "): field '" + field + "' " + why, where);
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
