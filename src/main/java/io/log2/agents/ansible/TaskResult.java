package io.log2.agents.ansible;

/**
 * One task's result on one host. {@code action} is the module that ran ({@code ansible.builtin.command});
 * {@code ignoreErrors} is true for a failed result whose failure was ignored (the play went on for the host);
 * {@code durationSeconds} is the task's time from its start to its end (null when the result does not say);
 * {@code resource} names it for findings, {@code playbook/task@host}.
 */
public record TaskResult(String playbook, String mode, String play, String task, String host, String resource,
                         String action, boolean changed, boolean failed, boolean skipped, boolean unreachable,
                         boolean ignoreErrors, Double durationSeconds, String message) {
}
