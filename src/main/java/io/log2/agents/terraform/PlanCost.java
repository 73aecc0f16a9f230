package io.log2.agents.terraform;

/**
 * The monthly cost of a plan's changes: the sum of the increases of the changes that could be priced (a decrease
 * counts against it), how many were priced and how many could not be. {@code resource} is the plan's name.
 */
public record PlanCost(String resource, double monthlyIncrease, int priced, int unpriced) {
}
