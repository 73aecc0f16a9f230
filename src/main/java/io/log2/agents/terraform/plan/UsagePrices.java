package io.log2.agents.terraform.plan;

import java.util.Optional;

/**
 * What one more resource of a usage-based type (an S3 bucket, a Lambda function) costs a month, which a price table
 * cannot say without its usage: answered from the account's own history, or empty for a type that is not usage-based.
 */
public interface UsagePrices {

    /** No usage-based prices: such resources are left out of the plan's cost, as before their usage is known. */
    UsagePrices NONE = type -> Optional.empty();

    /**
     * A monthly estimate per resource with the words saying where it comes from, or why there is none
     * ({@code monthly} null, {@code source} the reason).
     */
    record Estimate(Double monthly, String source) {
    }

    Optional<Estimate> perResource(String terraformType);
}
