package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.YearMonth;

/** An account's cost so far this month in USD, and its projected month-end total when known. */
public record MonthToDate(String account,
                          @JsonProperty(required = true) YearMonth month,
                          @JsonProperty(required = true) double amount,
                          Double projected) {
}
