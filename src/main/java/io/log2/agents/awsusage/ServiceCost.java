package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.YearMonth;

/** What one AWS service cost an account in a month, in USD. */
public record ServiceCost(String account,
                          @JsonProperty(required = true) YearMonth month,
                          @JsonProperty(required = true) String service,
                          @JsonProperty(required = true) double amount) {
}
