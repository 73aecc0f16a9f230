package io.log2.logic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the JSON facts of a run request into the agent's fact records. Strict on purpose: an unknown type,
 * an unknown or misspelt field, a missing required field or a value of the wrong kind is refused with the
 * position of the fact, so that a typo never silently turns into a fact that no rule matches.
 */
public final class FactReader {

    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    public List<Object> read(Agent agent, List<JsonNode> nodes) {
        List<Object> facts = new ArrayList<>(nodes.size());
        Map<String, Class<? extends Record>> types = agent.factTypes();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String where = "/facts/" + i;
            if (!(node instanceof ObjectNode object)) {
                throw new InvalidRequestException("fact " + i + " is not a JSON object", where);
            }
            JsonNode typeNode = object.get("type");
            if (typeNode == null || !typeNode.isTextual()) {
                throw new InvalidRequestException("fact " + i + " has no \"type\"; one of " + known(types), where + "/type");
            }
            Class<? extends Record> type = types.get(typeNode.asText());
            if (type == null) {
                throw new InvalidRequestException("fact " + i + " has unknown type '" + typeNode.asText() + "' for agent '"
                        + agent.name() + "'; one of " + known(types), where + "/type");
            }
            ObjectNode fields = object.deepCopy();
            fields.remove("type");
            try {
                Object fact = json.treeToValue(fields, type);
                checkValues(fact, i, type, where);
                facts.add(fact);
            } catch (UnrecognizedPropertyException e) {
                throw new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + ") has unknown field '"
                        + e.getPropertyName() + "'; its fields are " + fieldsOf(type), where + "/" + e.getPropertyName());
            } catch (InvalidFormatException e) {
                throw new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + "): field '" + path(e)
                        + "' cannot be read from " + e.getValue() + " as " + e.getTargetType().getSimpleName(), where + "/" + path(e));
            } catch (MismatchedInputException e) {
                String field = path(e);
                throw new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + "): "
                        + (field.isEmpty() ? "" : "field '" + field + "': ") + firstLine(e.getOriginalMessage()), where + (field.isEmpty() ? "" : "/" + field));
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidRequestException("fact " + i + " (" + type.getSimpleName() + "): " + firstLine(e.getMessage()), where);
            }
        }
        return facts;
    }

    /**
     * Refuses values a rule must never see and the log cannot store: numbers that are not finite (1e400 reads as
     * Infinity; "NaN" and "Infinity" are read from strings) and text PostgreSQL cannot hold (NUL) or UTF-8 cannot
     * encode (a lone surrogate), in any field, list element, map key or map value.
     */
    private static void checkValues(Object fact, int index, Class<? extends Record> type, String where) {
        for (RecordComponent c : type.getRecordComponents()) {
            check(FactFields.get(fact, c.getName()), index, type, c.getName(), where + "/" + c.getName());
        }
    }

    private static void check(Object value, int index, Class<?> type, String field, String where) {
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            throw new InvalidRequestException("fact " + index + " (" + type.getSimpleName() + "): field '" + field
                    + "' must be a finite number, not " + value, where);
        }
        if (value instanceof String text && !storable(text)) {
            throw new InvalidRequestException("fact " + index + " (" + type.getSimpleName() + "): field '" + field
                    + "' holds a character that cannot be stored (NUL or an unpaired surrogate)", where);
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(item, index, type, field, where + "/" + i++);
            }
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                check(e.getKey(), index, type, field, where);
                check(e.getValue(), index, type, field, where + "/" + e.getKey());
            }
        }
    }

    static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/"));
    }

    private static String known(Map<String, Class<? extends Record>> types) {
        return new TreeSet<>(types.keySet()).toString();
    }

    private static String fieldsOf(Class<? extends Record> type) {
        List<String> names = new ArrayList<>();
        for (var c : type.getRecordComponents()) {
            names.add(c.getName());
        }
        return names.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
