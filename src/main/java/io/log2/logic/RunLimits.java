package io.log2.logic;

import java.time.Duration;

/**
 * How far one run may go: at most {@code maxFirings} rule firings (and as many findings), and at most
 * {@code maxTime} of wall-clock time. A run that reaches either ends as aborted.
 */
public record RunLimits(int maxFirings, Duration maxTime) {

    /** The defaults of {@code log2.run.max-firings} and {@code log2.run.max-time}. */
    public static final RunLimits DEFAULTS = new RunLimits(1_000_000, Duration.ofSeconds(30));

    public RunLimits {
        if (maxFirings < 1) {
            throw new IllegalArgumentException("a run needs at least one firing");
        }
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("a run needs some time");
        }
    }

    String describeTime() {
        return maxTime.toMillis() % 1000 == 0 ? maxTime.toSeconds() + " s" : maxTime.toMillis() + " ms";
    }
}
