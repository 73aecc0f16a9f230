package io.log2.intelligence.proposal;

import java.time.Instant;
import java.util.List;

/**
 * What people said about findings: each labelled finding's resource, the time it covered and its label
 * ({@code useful}, {@code noise} or {@code expected}). A backtest counts a replayed alert on that resource within
 * that time as a hit on the label, whichever row raised it, so a new row is judged by the same labels as the rows
 * it replaces.
 */
public interface FindingLabels {

    String USEFUL = "useful";
    String NOISE = "noise";

    record Label(String resource, Instant from, Instant to, String label) {

        boolean covers(String resource, Instant time) {
            return this.resource != null && this.resource.equals(resource) && time != null
                    && !time.isBefore(from) && !time.isAfter(to);
        }
    }

    /** The labelled findings of an agent. */
    List<Label> labels(String agent);
}
