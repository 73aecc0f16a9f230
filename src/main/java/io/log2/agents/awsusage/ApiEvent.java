package io.log2.agents.awsusage;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One CloudTrail event: who ({@code principal}, {@code sourceIp}) called what ({@code eventSource},
 * {@code eventName}) on which {@code resource}, and the {@code errorCode} when AWS refused the call.
 */
public record ApiEvent(Instant time,
                       @JsonProperty(required = true) String eventSource,
                       @JsonProperty(required = true) String eventName,
                       String principal,
                       String sourceIp,
                       String region,
                       String errorCode,
                       String resource) {
}
