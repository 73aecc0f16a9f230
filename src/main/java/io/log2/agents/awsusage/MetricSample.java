package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One CloudWatch data point: {@code value} of {@code metric} in {@code namespace} for {@code resource} at
 * {@code timestamp}, in the metric's own unit (percent, count, bytes, milliseconds, seconds). {@code capacity}
 * is the resource's limit where a rule compares against it (an RDS instance's maximum connections).
 */
public record MetricSample(@JsonProperty(required = true) String namespace,
                           @JsonProperty(required = true) String metric,
                           @JsonProperty(required = true) String resource,
                           Instant timestamp,
                           @JsonProperty(required = true) double value,
                           Double capacity) {
}
