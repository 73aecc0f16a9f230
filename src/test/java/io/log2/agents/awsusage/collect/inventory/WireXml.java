package io.log2.agents.awsusage.collect.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;

/**
 * Turns a recorded JSON response (the shape the AWS CLI and boto print, with boto's member names such as
 * {@code Reservations} or {@code DBInstances}) into the XML the service sends on the wire, so the SDK's real
 * unmarshallers read it. Element names come from the SDK's own service model (each member's wire name and each
 * list's member name: EC2 writes {@code reservationSet}, {@code instancesSet}, {@code tagSet} with {@code <item>}
 * members and {@code instanceState}, {@code ipAddress}; RDS writes {@code <DBInstances><DBInstance>} and
 * {@code <TagList><Tag>}). Members the model does not know are left out, as the SDK would ignore them.
 */
final class WireXml {

    static final String EC2_XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

    private WireXml() {
    }

    /** An EC2 response: the members directly under {@code <ActionResponse>}, with a request id. */
    static String ec2(String action, JsonNode data, SdkPojo responseModel) {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(EC2_XMLNS).append("\"><requestId>stub-request</requestId>");
        members(out, data, responseModel.sdkFields());
        return out.append("</").append(action).append("Response>").toString();
    }

    /** An AWS Query response such as RDS's: the members inside {@code <ActionResult>}, then the response metadata. */
    static String query(String action, String xmlns, JsonNode data, SdkPojo responseModel) {
        StringBuilder out = new StringBuilder();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                .append(xmlns).append("\"><").append(action).append("Result>");
        members(out, data, responseModel.sdkFields());
        return out.append("</").append(action).append("Result><ResponseMetadata><RequestId>stub-request</RequestId>")
                .append("</ResponseMetadata></").append(action).append("Response>").toString();
    }

    private static void members(StringBuilder out, JsonNode object, List<SdkField<?>> fields) {
        for (SdkField<?> field : fields) {
            JsonNode value = object.get(field.memberName());
            if (value != null && !value.isNull()) {
                value(out, field.unmarshallLocationName(), field, value);
            }
        }
    }

    private static void value(StringBuilder out, String name, SdkField<?> field, JsonNode value) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.LIST) {
            ListTrait list = field.getTrait(ListTrait.class);
            SdkField<?> member = list.memberFieldInfo();
            String memberName = member.unmarshallLocationName() != null ? member.unmarshallLocationName()
                    : list.memberLocationName() != null ? list.memberLocationName() : "member";
            if (list.isFlattened()) {
                for (JsonNode item : value) {
                    value(out, name, member, item);
                }
            } else {
                out.append('<').append(name).append('>');
                for (JsonNode item : value) {
                    value(out, memberName, member, item);
                }
                out.append("</").append(name).append('>');
            }
        } else if (type == MarshallingType.SDK_POJO) {
            out.append('<').append(name).append('>');
            members(out, value, field.constructor().get().sdkFields());
            out.append("</").append(name).append('>');
        } else if (type == MarshallingType.MAP || type == MarshallingType.DOCUMENT || type == MarshallingType.SDK_BYTES) {
            throw new UnsupportedOperationException("no XML form for " + field.memberName() + " (" + type + ") here");
        } else {
            String text = type == MarshallingType.INSTANT ? instant(value).toString() : value.asText();
            out.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
        }
    }

    /** A recorded time: ISO 8601 text (AWS CLI) or a placebo object {@code {"__class__":"datetime","year":...}} in UTC. */
    static Instant instant(JsonNode value) {
        if (value.isTextual()) {
            String text = value.asText();
            return text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
        }
        if (value.isObject() && "datetime".equals(value.path("__class__").asText())) {
            return LocalDateTime.of(value.path("year").asInt(), value.path("month").asInt(), value.path("day").asInt(),
                    value.path("hour").asInt(), value.path("minute").asInt(), value.path("second").asInt(),
                    value.path("microsecond").asInt() * 1000).toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a recorded time: " + value);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
