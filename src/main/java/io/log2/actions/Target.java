package io.log2.actions;

import java.util.Map;

/** The resource an action works on, with its account and the tags the policy table read. */
public record Target(String account, String resource, Map<String, String> tags) {
}
