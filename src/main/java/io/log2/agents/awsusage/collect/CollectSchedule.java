package io.log2.agents.awsusage.collect;

import io.log2.agents.awsusage.AwsUsageConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * When collectors read and how far back: {@code lag} is how late data may arrive, {@code backfill} the furthest a
 * window reaches back (after an outage the rest is not read), {@code costInterval} and {@code costLag} the cadence
 * and overlap of the billed Cost Explorer calls.
 */
public record CollectSchedule(Duration lag, Duration backfill, Duration costInterval, Duration costLag) {

    public static CollectSchedule of(AwsUsageConfig.Aws aws) {
        return new CollectSchedule(aws.lag(), Duration.ofDays(aws.initialDays()), aws.costInterval(), aws.costLag());
    }

    /** The earliest instant a window may start at now. */
    public Instant earliest(Instant now) {
        return now.minus(backfill);
    }

    /** {@code from}, or the backfill limit if that is later. */
    public Instant notBeforeLimit(Instant from, Instant now) {
        Instant earliest = earliest(now);
        return from.isBefore(earliest) ? earliest : from;
    }
}
