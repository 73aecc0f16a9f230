package io.log2.agents.terraform;

/**
 * A plan as a whole: which Terraform wrote it in which JSON format, the AWS region its provider names, and how many
 * resource changes it holds of each action ({@code replace} counts delete-then-create and create-then-delete).
 * {@code resource} is the plan's name (its file name), so plan-wide findings name the plan.
 */
public record PlanSummary(String resource, String formatVersion, String terraformVersion, String region, int changes,
                          int creates, int updates, int deletes, int replaces, int reads, int noOps) {
}
