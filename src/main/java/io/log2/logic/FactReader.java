package io.log2.logic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
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
                facts.add(json.treeToValue(fields, type));
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
