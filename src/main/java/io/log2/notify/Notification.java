package io.log2.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message about one group of findings, as every channel renders it. {@code reason} says why it is sent:
 * {@value #FIRST} (the group's first), {@value #UPDATE} (new or re-opened findings, or a higher severity),
 * {@value #REPEAT} (still open, nothing new) or {@value #DIGEST} (low-severity findings together).
 */
public record Notification(String title, String reason, String route, String channel, String group,
                           Map<String, String> groupLabels, Instant at, List<Item> findings) {

    public static final String FIRST = "first";
    public static final String UPDATE = "update";
    public static final String REPEAT = "repeat";
    public static final String DIGEST = "digest";

    /** A finding in the message; {@code fresh} when this message is the first to tell of it (as it is now). */
    public record Item(long findingId, String fingerprint, String agent, String rule, String resource, String category,
                       String severity, String message, boolean fresh) {
    }

    /** The text lines every plain-text channel (email, SNS) sends. */
    public String text() {
        StringBuilder b = new StringBuilder(title).append("\n\n");
        for (Item f : findings) {
            b.append(f.fresh ? "* " : "- ").append('[').append(f.severity).append("] ").append(f.message)
                    .append("\n  rule ").append(f.rule).append(", agent ").append(f.agent)
                    .append(f.resource == null ? "" : ", resource " + f.resource)
                    .append(", finding ").append(f.findingId).append('\n');
        }
        return b.toString();
    }
}
