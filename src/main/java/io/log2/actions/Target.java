package io.log2.actions;

import java.util.Map;

/**
 * The resource an action works on, with its account and the tags the policy table read; {@code rule},
 * {@code severity} and {@code findingId} say why it was raised (null when not known); {@code actionId} is the action's
 * row in the action log, by which an action taken again after a wait finds what it started.
 */
public record Target(String account, String resource, Map<String, String> tags, String rule, String severity,
                     Long findingId, Long actionId) {

    public Target(String account, String resource, Map<String, String> tags) {
        this(account, resource, tags, null, null, null, null);
    }
}
