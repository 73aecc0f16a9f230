package io.log2.agents.awsusage.collect;

import java.time.Instant;

/** The period a collection covers: from (inclusive) to (exclusive). */
public record CollectWindow(Instant from, Instant to) {
}
