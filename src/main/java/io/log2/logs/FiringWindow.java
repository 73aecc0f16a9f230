package io.log2.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A span of firing time, {@code [from, to)}, either end open when null. A page of firings is read span by span going
 * back from its newest possible firing: the last day first, then the three days before, the twelve before those, and
 * whatever is older. Most pages are filled from the first span, and on PostgreSQL a query bound in time is planned
 * over its own day partitions only: planning a query over every partition kept (90 by default, each with its
 * indexes) took longer than running it. The spans are disjoint and newest first, so their rows, each span in page
 * order, are the page in order.
 */
record FiringWindow(Instant from, Instant to) {

    /** No bound: for a run's firings, which their own index finds wherever they are. */
    static final FiringWindow ALL = new FiringWindow(null, null);

    /** Lengths of the spans going back from the anchor, before the last one which is open towards the past. */
    private static final List<Duration> SPANS = List.of(Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(12));

    /**
     * The spans covering every time from {@code from} (inclusive; null for no bound), newest first: the first open
     * towards the future, so that nothing newer than {@code anchor} (a cursor's time, the end of a range, now) is
     * missed; none wholly before {@code from}.
     */
    static List<FiringWindow> before(Instant anchor, Instant from) {
        List<FiringWindow> spans = new ArrayList<>();
        Instant upper = null;
        Instant lower = anchor;
        for (Duration span : SPANS) {
            lower = lower.minus(span);
            if (from != null && !lower.isAfter(from)) {
                spans.add(new FiringWindow(null, upper));
                return spans;
            }
            spans.add(new FiringWindow(lower, upper));
            upper = lower;
        }
        spans.add(new FiringWindow(null, upper));
        return spans;
    }
}
