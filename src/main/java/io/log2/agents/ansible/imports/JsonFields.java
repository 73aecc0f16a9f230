package io.log2.agents.ansible.imports;

import com.fasterxml.jackson.databind.JsonNode;
import io.log2.imports.ImportRejectedException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Typed reads of a result's JSON, each naming its place as a JSON pointer ({@code /stats/web-1/ok}) when the value
 * has the wrong type: the file is refused with 422 and that place.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** The pointer of a member: {@code ~} and {@code /} in the name escaped as RFC 6901 says. */
    static String at(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    static String at(String pointer, int index) {
        return pointer + "/" + index;
    }

    static ImportRejectedException wrong(String pointer, String expected, JsonNode found) {
        return ImportRejectedException.invalid(pointer, pointer + " should be " + expected + ", not " + describe(found));
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        String type = node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        String text = node.toString();
        return type + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    /** The member as an object; null when absent or null. */
    static JsonNode object(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw wrong(at(pointer, name), "an object", n);
        }
        return n;
    }

    /** The member as an array; null when absent or null. */
    static JsonNode array(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw wrong(at(pointer, name), "an array", n);
        }
        return n;
    }

    static String text(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode() || n.isBinary()) {
            throw wrong(at(pointer, name), "text", n);
        }
        return n.asText();
    }

    /** A flag; absent or null is false. */
    static boolean flag(JsonNode parent, String name, String pointer) {
        Boolean b = optionalFlag(parent, name, pointer);
        return b != null && b;
    }

    static Boolean optionalFlag(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw wrong(at(pointer, name), "true or false", n);
        }
        return n.booleanValue();
    }

    /** A count; absent is 0. */
    static int count(JsonNode parent, String name, String pointer) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 0) {
            throw wrong(at(pointer, name), "a count (a whole number, 0 or more)", n);
        }
        return n.intValue();
    }

    /** An ISO-8601 time with its offset ({@code 2022-02-08T16:51:13.677774Z}); null when absent. */
    static Instant instant(JsonNode parent, String name, String pointer) {
        String text = text(parent, name, pointer);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ImportRejectedException.invalid(at(pointer, name), at(pointer, name)
                    + " should be an ISO-8601 time with its offset (2022-02-08T16:51:13.677774Z), not '" + text + "'");
        }
    }
}
