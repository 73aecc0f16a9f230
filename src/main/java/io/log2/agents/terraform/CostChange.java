package io.log2.agents.terraform;

/**
 * What one planned change of an {@code aws_instance}, {@code aws_ebs_volume} or {@code aws_db_instance} does to the
 * monthly on-demand bill, priced from the bundled price table: the price before and after (0 for a side where the
 * resource does not exist) and the increase. {@code before} and {@code after} say what was priced
 * ({@code t3.large in us-east-1}). When a side cannot be priced the prices and the increase are null and
 * {@code unpriced} says why; {@code unknown} is true when that is because a value is known only after apply.
 */
public record CostChange(String plan, String resource, String type, String action, String region, String before, String after,
                         Double monthlyBefore, Double monthlyAfter, Double monthlyIncrease, String unpriced,
                         boolean unknown) {
}
