package io.log2.logic;

import java.util.Map;

/**
 * An action a rule asked for with {@code findings.act(kcontext, fact, "stop-instance")}: the action's name, the
 * finding it was raised with (by its id within the run), the firing, and what the policy table reads of the
 * resource: severity, account and tags ({@code environment}, {@code owner}).
 */
public record ActionRequest(String action, String findingRef, int firing, String rule, String severity,
                            String resource, String account, Map<String, String> tags) {
}
