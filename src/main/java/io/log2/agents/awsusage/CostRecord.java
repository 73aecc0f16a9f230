package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/**
 * What one account spent on one day, on one service, in one region, for one usage type, in USD. The unit of
 * cost history: Cost Explorer, FOCUS and CUR exports all become these, and the cost features are built from them.
 */
public record CostRecord(@JsonProperty(required = true) LocalDate date,
                         String account,
                         @JsonProperty(required = true) String service,
                         String region,
                         String usageType,
                         @JsonProperty(required = true) double amount) {
}
