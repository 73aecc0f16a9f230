package io.log2.agents.awsusage.collect;

import java.time.Instant;

/**
 * How far one collector (per account and region) has read. Everything before {@code collectedTo} has been
 * collected. A collector that reads a window from its end and stopped at its cap (CloudTrail) is still working on
 * the window that ends at {@code windowTo} and has read it down to {@code readDownTo}; both are null otherwise.
 */
public record Watermark(String collector, Instant collectedTo, Instant windowTo, Instant readDownTo) {

    /** Everything up to {@code to} has been collected. */
    public static Watermark at(String collector, Instant to) {
        return new Watermark(collector, to, null, null);
    }

    public boolean windowOpen() {
        return windowTo != null;
    }
}
