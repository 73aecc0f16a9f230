package io.log2.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * A Slack incoming webhook: a Block Kit message (a header, one section per finding, a context line) with
 * {@code text} as the fallback for notifications. The webhook's URL is its secret, so the target is never returned.
 */
@ApplicationScoped
public class SlackChannel implements NotificationChannel {

    /** Slack allows at most 50 blocks in a message; the rest are counted in the last one. */
    static final int MAX_FINDINGS = 45;

    @Inject
    HttpPost http;
    @Inject
    ObjectMapper json;

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public void check(Channel channel) {
        HttpPost.checkUrl(channel.target());
    }

    @Override
    public void send(Channel channel, Notification n) throws Exception {
        http.json(channel.target(), json.writeValueAsString(payload(n)), Map.of());
    }

    ObjectNode payload(Notification n) {
        ObjectNode root = json.createObjectNode();
        root.put("text", n.title());
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(n.title(), 150));
        int shown = 0;
        for (Notification.Item f : n.findings()) {
            if (shown++ == MAX_FINDINGS) {
                break;
            }
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", cut((f.fresh() ? ":new: " : "") + "*"
                    + f.severity().toUpperCase(java.util.Locale.ROOT) + "* " + escape(f.message()) + "\n`" + escape(f.rule())
                    + "` · " + escape(f.agent()) + (f.resource() == null ? "" : " · " + escape(f.resource())), 3000));
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        int more = n.findings().size() - Math.min(n.findings().size(), MAX_FINDINGS);
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "route " + escape(n.route()) + " · "
                + n.reason() + " · " + n.at() + (more > 0 ? " · " + more + " more" : ""));
        return root;
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
