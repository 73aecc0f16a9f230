package io.log2.agents.ansible;

/**
 * One host's line of a playbook run's recap ({@code PLAY RECAP}): how many of its task results were ok, changed,
 * failed, unreachable, skipped, rescued and ignored. {@code resource} names it for findings,
 * {@code playbook/host}: a host failing in two playbooks is two findings, each resolved by its own playbook's runs.
 */
public record HostRecap(String playbook, String mode, String host, String resource, int ok, int changed, int failed,
                        int unreachable, int skipped, int rescued, int ignored) {
}
