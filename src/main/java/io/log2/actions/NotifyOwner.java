package io.log2.actions;

import io.log2.logs.AuditQueries;
import io.log2.notify.Channel;
import io.log2.notify.ChannelStore;
import io.log2.notify.Notification;
import io.log2.notify.NotificationChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells a resource's owner (its {@code owner} tag) about the finding, through the notification channels: the
 * channel named like the owner when there is one (any kind: email, Slack, webhook, SNS), else an email to the owner
 * when the tag is an address. The dry run shows the recipient and the message. A sent message cannot be taken back,
 * so there is no undo. No AWS permission is needed.
 */
@ApplicationScoped
public class NotifyOwner implements Action {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+");

    @Inject
    ChannelStore channels;
    @Inject
    AuditQueries audit;
    @Inject
    ActionsConfig config;

    @Override
    public String name() {
        return "notify-owner";
    }

    @Override
    public Plan dryRun(Target target, AwsCalls aws) {
        Channel channel = channel(target);
        Notification message = message(target, channel);
        String diff = "+ " + channel.type() + " to " + channel.target() + " (owner of " + target.resource() + ")\n+ "
                + String.join("\n+ ", message.text().strip().split("\n"));
        return new Plan(diff, channel.type() + " " + channel.target());
    }

    @Override
    public void execute(Target target, Plan plan, AwsCalls aws) {
        Channel channel = channel(target);
        NotificationChannel kind = channels.kinds().get(channel.type());
        if (kind == null) {
            throw new ActionFailedException("no kind of channel '" + channel.type() + "' is installed", null);
        }
        try {
            kind.send(channel, message(target, channel));
        } catch (Exception e) {
            throw new ActionFailedException(channel.type() + " to " + channel.target() + " failed: " + e.getMessage(), e);
        }
    }

    /** The channel took the message; what happens to it after that (a mailbox, a chat) cannot be read back. */
    @Override
    public boolean verify(Target target, Plan plan, AwsCalls aws) {
        return true;
    }

    @Override
    public boolean undoable() {
        return false;
    }

    private Channel channel(Target target) {
        String owner = target.tags().get("owner");
        if (owner == null || owner.isBlank()) {
            throw new ActionFailedException(target.resource() + " has no owner tag: nobody to notify", null);
        }
        String name = owner.trim();
        return channels.find(name).orElseGet(() -> {
            if (!ADDRESS.matcher(name).matches()) {
                throw new ActionFailedException("the owner tag '" + name + "' of " + target.resource()
                        + " is neither a notification channel nor an email address", null);
            }
            if (!allowed(name)) {
                throw new ActionFailedException("the owner tag '" + name + "' of " + target.resource() + " is an address"
                        + " outside log2.actions.owner-domains " + config.ownerDomains().orElse(List.of())
                        + "; nothing was sent", null);
            }
            return new Channel("owner", "email", name, null, null);
        });
    }

    /** Whether the address's domain is one of log2.actions.owner-domains or below one. */
    private boolean allowed(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
        return config.ownerDomains().orElse(List.of()).stream().map(d -> d.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(d -> !d.isEmpty()).anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }

    private Notification message(Target target, Channel channel) {
        String text = null;
        String agent = "unknown";
        String category = null;
        if (target.findingId() != null) {
            var found = audit.finding(target.findingId());
            if (found.isPresent()) {
                text = found.get().finding().message;
                agent = String.valueOf(found.get().finding().agent);
                category = found.get().finding().category;
            }
        }
        String rule = target.rule() == null ? "a Log² rule" : target.rule();
        String severity = target.severity() == null ? "medium" : target.severity();
        if (text == null) {
            text = rule + " on " + target.resource();
        }
        String title = "Log²: " + target.resource() + " in account " + target.account() + " needs your attention";
        Notification.Item item = new Notification.Item(target.findingId() == null ? 0 : target.findingId(), null, agent,
                rule, target.resource(), category, severity, text, true);
        return new Notification(title, Notification.FIRST, "owner", channel.name(), target.resource(),
                Map.of("owner", channel.target()), Instant.now(), List.of(item));
    }
}
