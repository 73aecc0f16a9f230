package io.log2.agents.awsusage.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORParser;

/**
 * CBOR as Smithy RPC v2 uses it, with the SDK's own (shaded) Jackson CBOR codec, to and from Jackson trees.
 * Timestamps travel as tag 1 (epoch seconds, as a number): on encoding, every text that is a whole ISO-8601
 * date-time with an offset becomes one; on decoding, every tag-1 number becomes an ISO-8601 text in UTC.
 */
final class Cbor {

    private static final CBORFactory FACTORY = new CBORFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int EPOCH_TAG = 1;

    private Cbor() {
    }

    static byte[] encode(JsonNode tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = (CBORGenerator) FACTORY.createGenerator(out)) {
            write(generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static JsonNode decode(byte[] cbor) {
        try (CBORParser parser = FACTORY.createParser(cbor)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return NODES.missingNode();
            }
            JsonNode tree = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing data after the CBOR value");
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(CBORGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> {
                Instant instant = instant(node.textValue());
                if (instant == null) {
                    g.writeString(node.textValue());
                } else {
                    g.writeTag(EPOCH_TAG);
                    g.writeNumber(instant.toEpochMilli() / 1000d);
                }
            }
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    g.writeNumber(node.longValue());
                } else {
                    g.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("cannot encode " + node.getNodeType());
        }
    }

    private static JsonNode read(CBORParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    object.set(name, read(p, p.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(read(p, t));
                }
                return array;
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                if (p.getCurrentTag() == EPOCH_TAG) {
                    BigDecimal seconds = p.getDecimalValue();
                    long millis = seconds.movePointRight(3).longValue();
                    return NODES.textNode(Instant.ofEpochMilli(millis).toString());
                }
                return token == JsonToken.VALUE_NUMBER_INT ? NODES.numberNode(p.getLongValue())
                        : NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                return NODES.binaryNode(p.getBinaryValue());
            default:
                throw new IllegalArgumentException("unexpected CBOR token " + token);
        }
    }

    /** The instant a text names when it is a whole ISO-8601 date-time with an offset, else null. */
    static Instant instant(String text) {
        if (text == null || text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
