package io.log2.logs;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.log2.logic.RunAbortedError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A firing's matched facts and bound values as JSON, each capped at {@value #MAX_JSON} characters so that a
 * firing over huge facts cannot fill the log. Runs on the writer thread, off the engine's, where it was more than
 * half of that thread's time at a 10% fire rate: so each is written in one pass first, and only a firing whose JSON
 * passes the cap or holds a value that cannot be written goes the careful way, fact by fact and value by value.
 */
final class FiringJson {

    static final int MAX_JSON = 8000;
    /** Room kept at the end of the facts' array for the count of the facts left out. */
    private static final int COUNT_ROOM = 40;

    // Jackson's own shortest-digits double writer: Java 17's Double.toString was a tenth of the writer's time.
    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName();
        }
    };

    /** A fact with its type name first, then its own fields. */
    @JsonPropertyOrder({"type"})
    private record Typed(String type, @JsonUnwrapped Object fact) {
    }

    /**
     * The matched facts as a JSON array of objects, each with its {@code type}; facts that would pass the cap
     * are left out and counted in a last {@code {"truncated":n}} element.
     */
    String facts(CapturedFiring f) {
        String whole = factsAtOnce(f.facts());
        // the careful way leaves nothing out of an array this short, so it would write the same
        return whole != null && whole.length() + COUNT_ROOM <= MAX_JSON ? whole : factsOneByOne(f);
    }

    /** The facts' array in one pass, or null when a fact cannot be written so. */
    private String factsAtOnce(List<Object> facts) {
        List<Typed> typed = new ArrayList<>(facts.size());
        for (Object fact : facts) {
            typed.add(new Typed(TYPE_NAMES.get(fact.getClass()), fact));
        }
        try {
            return json.writeValueAsString(typed);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private String factsOneByOne(CapturedFiring f) {
        List<String> items = new ArrayList<>(f.facts().size());
        int length = 1; // of the array written so far: "[" and the items with their commas
        int dropped = 0;
        for (Object fact : f.facts()) {
            String item = typed(fact);
            if (length + item.length() + COUNT_ROOM > MAX_JSON) {
                dropped++;
                continue;
            }
            length += item.length() + (items.isEmpty() ? 0 : 1);
            items.add(item);
        }
        if (dropped > 0) {
            items.add(json.createObjectNode().put("truncated", dropped).toString());
        }
        return "[" + String.join(",", items) + "]";
    }

    /** The rule's bound variables; a variable bound to a matched fact is written as that fact's index. */
    String bindings(CapturedFiring f) {
        Map<String, Object> values = boundValues(f);
        String text = bindingsAtOnce(values);
        if (text == null) {
            text = bindingsOneByOne(values);
        }
        return text.length() > MAX_JSON ? json.createObjectNode().put("truncated", text.length()).toString() : text;
    }

    /** Each variable's value as it is to be written: a matched fact as its index, a non-finite number as null. */
    private static Map<String, Object> boundValues(CapturedFiring f) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < f.bindingNames().length; i++) {
            Object value = f.bindingValues()[i];
            int index = indexOf(f.facts(), value);
            if (index >= 0) {
                value = new FactIndex(index);
            } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
                value = null;
            }
            values.put(f.bindingNames()[i], value);
        }
        return values;
    }

    /**
     * The bound values in one pass, written by their serialisers without a tree in between; null when one of them
     * cannot be written so, or is of a class the rule declared ({@link RunAbortedError}).
     */
    private String bindingsAtOnce(Map<String, Object> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException | RuntimeException | RunAbortedError e) {
            return null;
        }
    }

    /** A bound value that is one of the matched facts, written as that fact's index. */
    private record FactIndex(int fact) {
    }

    /** Value by value, each one Jackson cannot write as its text ({@link #tree}). */
    private String bindingsOneByOne(Map<String, Object> values) {
        ObjectNode out = json.createObjectNode();
        values.forEach((name, value) -> {
            if (value == null) {
                out.putNull(name);
            } else if (value instanceof FactIndex index) {
                out.putObject(name).put("fact", index.fact());
            } else {
                out.set(name, tree(value));
            }
        });
        return write(out);
    }

    private String typed(Object fact) {
        String type = TYPE_NAMES.get(fact.getClass());
        try {
            return json.writeValueAsString(new Typed(type, fact));
        } catch (JsonProcessingException e) {
            return json.createObjectNode().put("type", type).put("value", String.valueOf(fact)).toString();
        }
    }

    private static int indexOf(List<Object> facts, Object value) {
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i) == value) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A value Jackson cannot serialise is written as its text, so that one odd value never loses a firing. A value
     * of a class the rule declared is not read: its code runs only inside its run ({@link RunAbortedError}).
     */
    private JsonNode tree(Object value) {
        try {
            try {
                return json.valueToTree(value);
            } catch (IllegalArgumentException e) {
                return json.getNodeFactory().textNode(String.valueOf(value));
            }
        } catch (RunAbortedError e) {
            return json.getNodeFactory().textNode("(a " + value.getClass().getName() + " made by the rule)");
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(String.valueOf(value)).toString();
        }
    }
}
