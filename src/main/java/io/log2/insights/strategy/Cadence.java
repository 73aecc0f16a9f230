package io.log2.insights.strategy;

import java.time.Duration;
import java.util.List;

/** The recommended interval from the change rates of a ladder of intervals, shortest first (see {@link CollectionFrequency}). */
final class Cadence {

    private Cadence() {
    }

    /** Null when no interval had a pair of values to compare. */
    static Duration recommend(List<ChangeRate> rates, double maxShare, Double resolutionSeconds) {
        Duration best = null;
        for (ChangeRate r : rates) {
            if (r.share() == null) {
                break;
            }
            if (r.share() > maxShare) {
                if (best == null) {
                    best = Duration.ofSeconds(Math.round(resolutionSeconds));
                }
                break;
            }
            best = r.interval();
        }
        return best;
    }
}
