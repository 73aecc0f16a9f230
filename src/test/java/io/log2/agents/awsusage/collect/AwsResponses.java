package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * Recorded and fixture AWS answers from {@code src/test/resources/aws/}, as trees ready to be served.
 *
 * <p>{@code aws-cli-examples/} hold answers as the AWS CLI documents them (timestamps as ISO-8601 text);
 * {@code custodian-placebo/} hold boto recordings wrapped as {@code {"status_code":200,"data":{...}}} with
 * datetimes as {@code {"__class__":"datetime",...}} objects; {@code fixtures/} are written here in the documented
 * shapes. On the wire, the JSON 1.1 protocols send timestamps as epoch seconds: {@link #onJsonWire} turns the
 * ISO-8601 texts into those numbers ({@link Cbor} does the same for CBOR).
 */
final class AwsResponses {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AwsResponses() {
    }

    /** A file under {@code src/test/resources/aws/}, as a tree. */
    static JsonNode load(String path) {
        try (InputStream in = AwsResponses.class.getResourceAsStream("/aws/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource aws/" + path);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A placebo recording's answer: its {@code data}, datetimes as ISO-8601 text in UTC, no ResponseMetadata. */
    static JsonNode placebo(String path) {
        JsonNode recording = load(path);
        if (recording.path("status_code").asInt() != 200 || !recording.has("data")) {
            throw new IllegalArgumentException(path + " is not a successful placebo recording");
        }
        ObjectNode data = (ObjectNode) unwrapDatetimes(recording.get("data").deepCopy());
        data.remove("ResponseMetadata");
        return data;
    }

    private static JsonNode unwrapDatetimes(JsonNode node) {
        if (node.isObject() && "datetime".equals(node.path("__class__").asText(null))) {
            LocalDateTime t = LocalDateTime.of(node.get("year").asInt(), node.get("month").asInt(),
                    node.get("day").asInt(), node.get("hour").asInt(), node.get("minute").asInt(),
                    node.get("second").asInt(), node.path("microsecond").asInt() * 1000);
            return NODES.textNode(t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(unwrapDatetimes(field.getValue()));
            }
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, unwrapDatetimes(array.get(i)));
            }
        }
        return node;
    }

    /** The tree as an AWS JSON 1.1 service sends it: ISO-8601 date-times become epoch seconds. */
    static JsonNode onJsonWire(JsonNode node) {
        if (node.isTextual()) {
            Instant instant = Cbor.instant(node.textValue());
            return instant == null ? node : NODES.numberNode(instant.toEpochMilli() / 1000d);
        }
        JsonNode copy = node.deepCopy();
        if (copy.isObject()) {
            ObjectNode object = (ObjectNode) copy;
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(onJsonWire(field.getValue()));
            }
        } else if (copy.isArray()) {
            ArrayNode array = (ArrayNode) copy;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, onJsonWire(array.get(i)));
            }
        }
        return copy;
    }

    /**
     * An AWS Query protocol answer (STS): {@code <OperationResponse><OperationResult>} holding the result's fields
     * as elements, nested objects as nested elements.
     */
    static String queryXml(String operation, JsonNode result) {
        StringBuilder xml = new StringBuilder("<" + operation + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">")
                .append("<").append(operation).append("Result>");
        appendXml(xml, result);
        return xml.append("</").append(operation).append("Result><ResponseMetadata><RequestId>stub</RequestId>")
                .append("</ResponseMetadata></").append(operation).append("Response>").toString();
    }

    private static void appendXml(StringBuilder xml, JsonNode node) {
        node.fields().forEachRemaining(field -> {
            xml.append('<').append(field.getKey()).append('>');
            if (field.getValue().isObject()) {
                appendXml(xml, field.getValue());
            } else {
                xml.append(field.getValue().asText().replace("&", "&amp;").replace("<", "&lt;"));
            }
            xml.append("</").append(field.getKey()).append('>');
        });
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
