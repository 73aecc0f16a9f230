package io.log2.logs;

import java.time.Instant;

/** The filters of a firings query; every one is optional. */
public record FiringFilter(String agent, String rule, String runId, Integer version, String resource, Instant from,
                           Instant to) {
}
