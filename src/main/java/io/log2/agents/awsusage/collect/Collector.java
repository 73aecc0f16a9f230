package io.log2.agents.awsusage.collect;

import java.time.Instant;
import java.util.Optional;

/**
 * One source of AWS data. A collector that cannot finish (access denied, throttled past the SDK's retries,
 * an answer it cannot read) throws; the cycle then records it as failed, keeps its watermark where it was (so the
 * window is read again next cycle) and runs the others.
 */
public interface Collector {

    /** A short name for logs and run reports, such as {@code cost-explorer}. */
    String name();

    CollectedData collect(AwsClients clients, CollectWindow window);

    /**
     * The window to read now, given the collector's watermark (null before its first success); empty when nothing
     * is due. By default a window runs from {@code lag} before the watermark (what arrived late, or a last period
     * that was partial, is read again; the history stores a sample read twice once) to now, within the backfill
     * limit.
     */
    default Optional<CollectWindow> window(Watermark mark, Instant now, CollectSchedule schedule) {
        Instant from = mark == null ? schedule.earliest(now) : mark.collectedTo().minus(schedule.lag());
        return Optional.of(new CollectWindow(schedule.notBeforeLimit(from, now), now));
    }

    /** The watermark once {@code data} of {@code window} has been collected and evaluated. */
    default Watermark advance(String key, Watermark mark, CollectWindow window, CollectedData data) {
        return Watermark.at(key, window.to());
    }
}
