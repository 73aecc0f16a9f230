package io.log2.actions;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Actions on the account ({@code log2.actions.*}); nothing runs unless {@code enabled} is true. */
@ConfigMapping(prefix = "log2.actions")
public interface ActionsConfig {

    /** False (the default): actions rules ask for are neither logged nor run. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The policy table's file: action × severity × tags × time window → auto, approve or never. An upload
     * ({@code PUT /api/actions/policy}) writes it; an edit of it that parses becomes the next version.
     */
    @WithDefault("rules/actions/policy.csv")
    String policy();

    /** At most this many actions executed per hour in one account. */
    @WithDefault("20")
    int maxPerHourPerAccount();

    /** At most this many actions of one type executed per hour in one account. */
    @WithDefault("5")
    int maxPerHourPerAction();

    /** No resource is acted on twice within this time. */
    @WithDefault("24h")
    Duration cooldown();

    /**
     * How often an action waiting on AWS (a snapshot being taken) is looked at again; each look is one short execute
     * step, so a long wait holds no thread and blocks no other action.
     */
    @WithDefault("1m")
    Duration waitPoll();

    /**
     * The email domains an {@code owner} tag may name for {@code notify-owner}, as {@code example.com} (its
     * subdomains too). Whoever can tag a resource writes that tag, so an address elsewhere is refused rather than
     * sent findings; without this setting an owner tag must name a notification channel.
     */
    Optional<java.util.List<String>> ownerDomains();

    /** A pending approval expires after this time. */
    @WithDefault("72h")
    Duration approvalExpiry();

    /** The tags {@code add-tags} gives a resource that lacks them, as {@code owner=unassigned}. */
    java.util.Map<String, String> requiredTags();

    /** The AWS region actions call; the endpoint overrides AWS's own (a local stub). */
    @WithDefault("us-east-1")
    String region();

    Optional<URI> endpoint();
}
